import { walkthroughConfig } from '../../helpers/walkthrough';

/**
 * Biz Corp's role and Dev Corp's user (its key, its virtual MFA device) as setup-role made them in moto's IAM
 * (world.ts startServices). Both live in one account here: the suite switches the project to the user's static
 * profile, which on AWS reaches the project's stacks and bucket only from the same account. The two accounts apart
 * are the integration suite's (setup-role-moto.test.ts).
 */
export const ACCOUNT = '123456789012';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/amplify-deployer`;
export const MFA_SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/dev-user`;
export const EXTERNAL_ID = 'e2e-external-id-5d1a';

/** The user's own ~/.aws/config: the bridge must leave every byte of it as it is. */
export const USER_CONFIG = `# Dev Corp profiles\n${walkthroughConfig({ roleArn: ROLE_ARN, mfaSerial: MFA_SERIAL, externalId: EXTERNAL_ID })}`;

/** `amplify init` without questions (--yes), choosing `profileName` for the new environment "dev". */
export function initArgs(projectName: string, profileName = 'bizcorprole'): string[] {
  return [
    'init',
    '--amplify',
    JSON.stringify({ projectName, envName: 'dev', defaultEditor: 'code' }),
    '--frontend',
    JSON.stringify({
      frontend: 'javascript',
      framework: 'none',
      config: { SourceDir: 'src', DistributionDir: 'dist', BuildCommand: 'npm run-script build', StartCommand: 'npm run-script start' },
    }),
    '--providers',
    JSON.stringify({ awscloudformation: { configLevel: 'project', useProfile: true, profileName } }),
    '--yes',
  ];
}
