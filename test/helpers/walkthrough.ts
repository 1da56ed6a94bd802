import { makeSandbox, type Sandbox } from './sandbox';
import type { DevUser, Walkthrough } from './strictSts/walkthroughWorld';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BIZ_ACCOUNT = '123456789012';
export const DEV_ACCOUNT = '210987654321';
export const ROLE_ARN = `arn:aws:iam::${BIZ_ACCOUNT}:role/amplify-deployer`;

/** `setup-role` for the walkthrough's two accounts, with the auth category only (the offline tests' plan). */
export function setupRoleArgs(roleName = 'amplify-deployer'): string[] {
  return ['setup-role', '--dev-account', DEV_ACCOUNT, '--biz-account', BIZ_ACCOUNT, '--role-name', roleName, '--categories', 'auth'];
}
export const MFA_SERIAL = `arn:aws:iam::${DEV_ACCOUNT}:mfa/dev-user`;
export const EXTERNAL_ID = 'walkthrough-external-id-7c2e';
export const DEV_KEY_ID = 'AKIAWALKTHROUGHDEV01';
export const DEV_SECRET = 'walkthrough-dev-secret-key-do-not-print-0001';

/** The walkthrough's ~/.aws/config: bizcorprole (role with MFA and external id) sourced from devcorpuser's keys. */
export function walkthroughConfig(values: { roleArn?: string; mfaSerial?: string; externalId?: string } = {}): string {
  return [
    '[profile bizcorprole]',
    `role_arn = ${values.roleArn ?? ROLE_ARN}`,
    'source_profile = devcorpuser',
    `mfa_serial = ${values.mfaSerial ?? MFA_SERIAL}`,
    `external_id = ${values.externalId ?? EXTERNAL_ID}`,
    'region = us-east-1',
    '',
    '[profile devcorpuser]',
    'region = us-east-1',
    '',
  ].join('\n');
}

/**
 * A throwaway HOME with the walkthrough's profiles. With `sts` (the strict stand-in, test/helpers/sts.ts) the keys
 * and MFA device are those of its walkthrough user (or `user`), as created in moto's IAM; otherwise the fixed
 * DEV_KEY_ID / DEV_SECRET, which only plain moto or a fake STS accept.
 */
export function walkthroughSandbox(
  options: { motoUrl?: string; extraConfig?: string; sts?: { url: string; walkthrough: Walkthrough }; user?: DevUser } = {},
): Sandbox & { project(name: string): string } {
  const user = options.user ?? options.sts?.walkthrough.user;
  const sandbox = makeSandbox({
    '.aws/config': `${walkthroughConfig(user ? { mfaSerial: user.mfaSerial } : {})}\n${options.extraConfig ?? ''}`,
    '.aws/credentials': `[devcorpuser]\naws_access_key_id = ${user?.accessKeyId ?? DEV_KEY_ID}\naws_secret_access_key = ${user?.secretAccessKey ?? DEV_SECRET}\n`,
  });
  const endpoint = options.sts?.url ?? options.motoUrl;
  if (endpoint) sandbox.env.AWS_ENDPOINT_URL_STS = endpoint;
  // doctor's gen1-app check lists Amplify apps: a closed local port here (never the real service); tests that want
  // answers point it at test/e2e/helpers/amplifyService.ts.
  sandbox.env.AWS_ENDPOINT_URL_AMPLIFY = 'http://127.0.0.1:9';
  sandbox.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  return Object.assign(sandbox, {
    project(name: string) {
      const root = path.join(sandbox.home, name);
      fs.mkdirSync(path.join(root, 'amplify', '.config'), { recursive: true });
      fs.writeFileSync(
        path.join(root, 'amplify', '.config', 'project-config.json'),
        JSON.stringify({ projectName: name.replace(/\W/g, ''), version: '3.1' }),
      );
      return root;
    },
  });
}
