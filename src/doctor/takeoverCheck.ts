import type { TakeoverStatus } from '../amplify/takeoverStatus';
import type { CheckOutcome } from './types';

/**
 * Inside the Amplify CLI (`amplify aws doctor`): whether the built-in provider's role path is ours in this very
 * process, on which provider version and file, and why not when it is not. Run outside the CLI there is nothing to
 * look at, and the line says where to run it.
 */
export function takeoverCheck(status: TakeoverStatus | undefined): CheckOutcome {
  if (!status)
    return {
      status: 'skip',
      message: 'Not run inside the Amplify CLI: "amplify aws doctor" tells whether the takeover of its provider is installed.',
    };
  const provider = status.provider?.version
    ? `@aws-amplify/amplify-provider-awscloudformation ${status.provider.version}`
    : "the Amplify CLI's provider";
  if (status.installed) {
    const shape = status.provider?.sdkV2 ? 'flat AWS SDK v2 credentials' : 'AWS SDK v3 credentials';
    return {
      status: 'pass',
      message: `Installed in ${provider} (${status.file}): role profiles resolve through amplify-aws-roles, handed back as ${shape}.`,
    };
  }
  return {
    status: 'fail',
    message: `Not installed: ${status.reason}; the CLI's own role path (which never calls STS) answers role profiles.`,
    fix: 'Run "amplify plugin scan", or reinstall the Amplify CLI; if it stays, report the CLI version ("amplify --version") to amplify-aws-roles.',
  };
}
