import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAYOUT_VERSION } from '../src/cache/ownSection';
import { bucketOf } from '../src/cache/bucketFile';

/** Every file under ~/.amplify/awscloudformation that holds cached credentials, by path relative to that folder. */
export type CacheSnapshot = Record<string, string>;

export const AMPLIFY_OWN_MEMBER =
  '"arn:aws:iam::123456789012:role/amplify-cli-own-provider": {"AccessKeyId": "ASIAAMPLIFYOWN000001", "Expiration": "2099-01-01T00:00:00.000Z"}';

export function snapshotCache(cacheDir: string): CacheSnapshot {
  const snapshot: CacheSnapshot = {};
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(cacheDir, relative), { withFileTypes: true })) {
      const name = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(name);
      else if (/(^|\/)(cache\.json|projects-[0-9a-f]{2}\.json)$/.test(name))
        snapshot[name] = fs.readFileSync(path.join(cacheDir, name), 'utf8');
    }
  };
  walk('');
  return snapshot;
}

export function restoreSnapshot(cacheDir: string, snapshot: CacheSnapshot): void {
  fs.rmSync(cacheDir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(snapshot)) {
    fs.mkdirSync(path.dirname(path.join(cacheDir, name)), { recursive: true, mode: 0o700 });
    writePrivate(path.join(cacheDir, name), text);
  }
}

/** The benchmark project's real entry (as the cold run stored it) from a snapshot. */
export function realEntry(
  snapshot: CacheSnapshot,
  realProject: string,
  profile: string,
): { accessKeyId: string; expiration: string; obtainedAt: string } {
  for (const [name, text] of Object.entries(snapshot)) {
    if (!name.includes('projects-')) continue;
    const entry = (JSON.parse(text) as { projects: Record<string, Record<string, ReturnType<typeof realEntry>> | undefined> }).projects[
      realProject
    ]?.[profile];
    if (entry) return entry;
  }
  throw new Error(`no cached entry for ${realProject} in the benchmark's cache`);
}

/**
 * A cache holding `projects` Amplify projects in the bucket layout: the benchmark project's real entry plus
 * generated ones of the same generation, and cache.json with that generation and a member of the Amplify CLI's own
 * provider (which must survive every write).
 */
export function cacheWithProjects(real: CacheSnapshot, realProject: string, profile: string, projects: number): CacheSnapshot {
  const entry = realEntry(real, realProject, profile);
  // Entries count only under cache.json's generation: the generated ones carry the real one's.
  const generation = (JSON.parse(real['cache.json'] ?? '{}') as Record<string, { generation?: string } | undefined>)['amplify-aws-roles']
    ?.generation;
  if (!generation) throw new Error("the benchmark's cache.json holds no generation");
  const buckets = new Map<string, Record<string, unknown>>();
  const add = (root: string, value: unknown) => {
    const name = path.join('amplify-aws-roles', `projects-${bucketOf(root)}.json`);
    if (!buckets.has(name)) buckets.set(name, {});
    buckets.get(name)![root] = value;
  };
  add(realProject, { [profile]: entry });
  for (let i = 1; i < projects; i++) {
    const id = String(i).padStart(6, '0');
    add(path.join(path.dirname(realProject), `generated-app-${id}`), {
      [profile]: {
        generation,
        roleArn: 'arn:aws:iam::123456789012:role/amplify-deployer',
        planDigest: 'fnv1a64:0123456789abcdef',
        accessKeyId: `ASIAGENERATED${id}`,
        secretAccessKey: `generated-secret-${id}-0000000000000000000000`,
        sessionToken: `generated-token-${id}-${'x'.repeat(300)}`,
        expiration: entry.expiration,
        obtainedAt: entry.obtainedAt,
      },
    });
  }
  const snapshot: CacheSnapshot = {
    'cache.json': `{\n  ${AMPLIFY_OWN_MEMBER},\n  "amplify-aws-roles": {"version": ${LAYOUT_VERSION}, "generation": "${generation}", "mfaSessions": {}}\n}\n`,
  };
  for (const [name, value] of buckets) snapshot[name] = `${JSON.stringify({ version: LAYOUT_VERSION, projects: value }, null, 2)}\n`;
  return snapshot;
}

export function snapshotBytes(snapshot: CacheSnapshot): number {
  return Object.values(snapshot).reduce((n, text) => n + Buffer.byteLength(text), 0);
}

export function writePrivate(file: string, text: string): void {
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
