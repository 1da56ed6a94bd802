import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findMotoPython, type MotoServer } from '../../helpers/moto';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { walkthroughConfig } from '../../helpers/walkthrough';

export const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'amplify-project');
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/amplify-deployer';
export const MFA_SERIAL = 'arn:aws:iam::210987654321:mfa/dev-user';
export const EXTERNAL_ID = 'e2e-external-id-5d1a';
export const DEV_KEY_ID = 'AKIAE2EDEVCORPUSER01';

/** The user's own ~/.aws/config: the bridge must leave every byte of it as it is. */
export const USER_CONFIG = `# Dev Corp profiles\n${walkthroughConfig({ roleArn: ROLE_ARN, mfaSerial: MFA_SERIAL, externalId: EXTERNAL_ID })}`;

/** A throwaway HOME with the walkthrough's profiles, pointed at moto for every AWS service. */
export function e2eSandbox(moto: MotoServer): Sandbox {
  const sandbox = makeSandbox({ '.aws/credentials': `[devcorpuser]\naws_access_key_id = ${DEV_KEY_ID}\naws_secret_access_key = e2e-dev-secret-not-printed\n` });
  sandbox.write('.aws/config', USER_CONFIG, 0o600);
  Object.assign(sandbox.env, {
    AWS_ENDPOINT_URL: moto.url,
    AMPLIFY_CLI_ENABLE_USAGE_DATA: 'false',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  return sandbox;
}

/** The fixture project copied into the sandbox, with its deployment (stack, bucket, cloud backend) created in moto. */
export function seedProject(sandbox: Sandbox, moto: MotoServer): string {
  const dir = sandbox.path('app');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  const root = fs.realpathSync(dir);
  const envFile = path.join(root, 'amplify', '.config', 'local-env-info.json');
  fs.writeFileSync(envFile, fs.readFileSync(envFile, 'utf8').replace('PROJECT_PATH', root));
  const outputs = execFileSync(findMotoPython(), [path.join(__dirname, 'seed_moto.py'), moto.url, root], { encoding: 'utf8' });
  const stack = JSON.parse(outputs.trim().split('\n').pop() ?? '{}') as Record<string, string>;
  if (!stack.DeploymentBucketName) throw new Error(`seeding moto did not create the root stack: ${outputs}`);
  return root;
}

export interface RawRequest {
  method: string;
  url: string;
  action: string;
  params: Record<string, string>;
  accessKeyId?: string;
}

/** moto's recording with method and URL (S3 calls carry no Action), oldest first. */
export async function rawRequests(moto: MotoServer): Promise<RawRequest[]> {
  const text = await (await fetch(`${moto.url}/moto-api/recorder/download-recording`)).text();
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { method: string; url: string; headers: Record<string, string>; body: string; body_encoded: boolean })
    .filter((entry) => !entry.url.includes('/moto-api/'))
    .map((entry) => {
      const body = entry.body_encoded ? Buffer.from(entry.body, 'base64').toString('utf8') : entry.body ?? '';
      const params = Object.fromEntries(new URLSearchParams(body));
      const auth = entry.headers.Authorization ?? entry.headers.authorization ?? '';
      return { method: entry.method, url: entry.url, action: params.Action ?? '', params, accessKeyId: /Credential=([^/]+)\//.exec(auth)?.[1] };
    });
}
