import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A cache file holding `projects` Amplify projects: the benchmark project's real entry plus generated ones,
 * and a member of the Amplify CLI's own provider (which must survive every write).
 */
export function cacheWithProjects(realText: string, realProject: string, projects: number): string {
  const real = JSON.parse(realText) as Record<string, { version: number; projects: Record<string, unknown>; mfaSessions: Record<string, unknown> }>;
  const own = real['amplify-aws-roles'];
  const entry = Object.values(own.projects[realProject] as Record<string, { expiration: string; obtainedAt: string }>)[0];
  const generated: Record<string, unknown> = { [realProject]: own.projects[realProject] };
  for (let i = 1; i < projects; i++) {
    const id = String(i).padStart(6, '0');
    generated[path.join(path.dirname(realProject), `generated-app-${id}`)] = {
      bizcorprole: {
        roleArn: 'arn:aws:iam::123456789012:role/amplify-deployer',
        accessKeyId: `ASIAGENERATED${id}`,
        secretAccessKey: `generated-secret-${id}-0000000000000000000000`,
        sessionToken: `generated-token-${id}-${'x'.repeat(300)}`,
        expiration: entry.expiration,
        obtainedAt: entry.obtainedAt,
      },
    };
  }
  const file = {
    'arn:aws:iam::123456789012:role/amplify-cli-own-provider': { AccessKeyId: 'ASIAAMPLIFYOWN000001', Expiration: entry.expiration },
    'amplify-aws-roles': { ...own, projects: generated },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function writePrivate(file: string, text: string): void {
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
