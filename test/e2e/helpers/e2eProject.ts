import type { MotoServer } from '../../helpers/moto';
import { walkthroughConfig } from '../../helpers/walkthrough';
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/amplify-deployer';
export const MFA_SERIAL = 'arn:aws:iam::210987654321:mfa/dev-user';
export const EXTERNAL_ID = 'e2e-external-id-5d1a';
export const DEV_KEY_ID = 'AKIAE2EDEVCORPUSER01';

/** The user's own ~/.aws/config: the bridge must leave every byte of it as it is. */
export const USER_CONFIG = `# Dev Corp profiles\n${walkthroughConfig({ roleArn: ROLE_ARN, mfaSerial: MFA_SERIAL, externalId: EXTERNAL_ID })}`;

/** `amplify init` without questions (--yes), choosing `profileName` for the new environment "dev". */
export function initArgs(projectName: string, profileName = 'bizcorprole'): string[] {
  return [
    'init',
    '--amplify',
    JSON.stringify({ projectName, envName: 'dev', defaultEditor: 'code' }),
    '--frontend',
    JSON.stringify({ frontend: 'javascript', framework: 'none', config: { SourceDir: 'src', DistributionDir: 'dist', BuildCommand: 'npm run-script build', StartCommand: 'npm run-script start' } }),
    '--providers',
    JSON.stringify({ awscloudformation: { configLevel: 'project', useProfile: true, profileName } }),
    '--yes',
  ];
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
  // Nothing recorded yet: moto answers with an HTML page instead of an empty recording.
  if (text.trimStart().startsWith('<')) return [];
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
