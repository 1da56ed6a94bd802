import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PROFILE = 'bizcorprole';
export const MFA_CODE = '123456';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/amplify-deployer';

export interface BenchHome {
  home: string;
  project: string;
  cacheFile: string;
  /** Environment for our command line and the SDK script: this HOME, STS at the local server, nothing inherited from AWS_*. */
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/** The walkthrough's profiles (role with MFA and external id, sourced from a user's keys) in a throwaway HOME. */
export function makeBenchHome(stsUrl: string): BenchHome {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-bench-'));
  fs.mkdirSync(path.join(home, '.aws'), { mode: 0o700 });
  fs.writeFileSync(
    path.join(home, '.aws', 'config'),
    [
      `[profile ${PROFILE}]`,
      `role_arn = ${ROLE_ARN}`,
      'source_profile = devcorpuser',
      'mfa_serial = arn:aws:iam::210987654321:mfa/dev-user',
      'external_id = bench-external-id',
      'region = us-east-1',
      '',
      '[profile devcorpuser]',
      'region = us-east-1',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(home, '.aws', 'credentials'),
    '[devcorpuser]\naws_access_key_id = AKIABENCHDEVCORPUSER\naws_secret_access_key = bench-secret-not-real-00000000000000000000\n',
    { mode: 0o600 },
  );
  const project = path.join(home, 'my-amplify-app');
  fs.mkdirSync(path.join(project, 'amplify', '.config'), { recursive: true });
  fs.writeFileSync(
    path.join(project, 'amplify', '.config', 'project-config.json'),
    JSON.stringify({ projectName: 'myamplifyapp', version: '3.1' }),
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ENDPOINT_URL_STS: stsUrl,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return {
    home,
    project,
    cacheFile: path.join(home, '.amplify', 'awscloudformation', 'cache.json'),
    env,
    cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

/** Forgets everything this tool cached (file and per-profile resolve locks), for a cold run. */
export function clearOurCache(bench: BenchHome): void {
  fs.rmSync(path.dirname(bench.cacheFile), { recursive: true, force: true });
}
