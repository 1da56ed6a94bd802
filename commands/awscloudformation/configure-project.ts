import type { CommandModule } from '../../src/cli/invocation';
import { stringOption } from '../../src/cli/resolveOptions';

export const command: CommandModule = {
  name: 'configure-project',
  summary:
    "Choose the AWS profile of the current Amplify environment; for a role profile, bridge it so the Amplify CLI uses this tool's cache",
  options: {
    profile: { type: 'string', value: 'NAME', description: 'Profile to use (default: asked, with the kind of every profile)' },
    yes: { type: 'boolean', short: 'y', description: 'Write the bridge profile to ~/.aws/config without asking' },
    'mfa-code': { type: 'string', value: 'CODE', description: 'MFA code for the first sign-in (otherwise you are asked when needed)' },
    project: { type: 'string', value: 'DIR', description: 'Amplify project (default: found from the working directory)' },
    'bridge-name': {
      type: 'string',
      value: 'NAME',
      description: 'Name of the bridge profile (default: amplify-aws-roles-<project>-<hash>-<profile>)',
    },
    remove: { type: 'boolean', description: "Remove the bridge profile and select the environment's previous profile again" },
  },
  details: `Writes amplify/.config/local-aws-info.json for the current environment, as "amplify configure project" does.
The Amplify CLI cannot assume a role profile (with MFA, an external id or SSO) by itself. For such a profile a bridge
profile is added to ~/.aws/config (every other line of the file is kept, a backup is written next to it):
  [profile amplify-aws-roles-<project>-<hash>-<profile>]
  credential_process = <node> <this package>/dist/amplify-aws-roles.js credentials --profile <profile> --project <dir>
  region = <the role's region>
and the environment uses it, so "amplify push" and "amplify env pull" get the role's credentials from this tool's cache,
asking for an MFA code only when the cached credentials run out.`,
  async run(invocation) {
    // The workflow loads only when the command runs: the registry stays cheap for every other command.
    const { configureProject, removeBridge } =
      require('../../src/amplify/configureProject') as typeof import('../../src/amplify/configureProject');
    const options = {
      env: invocation.env,
      cwd: invocation.cwd,
      project: stringOption(invocation, 'project'),
      profile: stringOption(invocation, 'profile'),
      yes: invocation.options.yes === true,
      mfaCode: stringOption(invocation, 'mfa-code'),
      bridgeName: stringOption(invocation, 'bridge-name'),
      interactive: invocation.interactive,
      stdin: invocation.stdin,
      stdout: invocation.stdout,
      stderr: invocation.stderr,
    };
    return invocation.options.remove ? removeBridge(options) : configureProject(options);
  },
};
