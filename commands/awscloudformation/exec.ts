import type { CommandModule } from '../../src/cli/invocation';
import { resolveOptions, resolveRequestFrom } from '../../src/cli/resolveOptions';

export const command: CommandModule = {
  name: 'exec',
  summary: "Run a command with the role's credentials (AWS_* variables, or a local credential server with --server)",
  options: {
    ...resolveOptions,
    server: {
      type: 'boolean',
      description: 'Serve renewing credentials on 127.0.0.1 (AWS_CONTAINER_CREDENTIALS_FULL_URI) instead of fixed variables',
    },
  },
  positionals: 'COMMAND [ARGS...]',
  argumentsHint: 'Our options go first, then "--", then the command and its own options: exec --profile NAME -- COMMAND ARGS...',
  details: `Usage: amplify-aws-roles exec --profile NAME [--server] -- COMMAND [ARGS...]
The MFA code is asked before the command starts. The command gets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, and AWS_REGION / AWS_DEFAULT_REGION from the profile; AWS_PROFILE and
every other credential variable are removed. Its exit code is ours; SIGTERM and SIGHUP are passed on.
With --server it gets AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN instead: every AWS SDK
and CLI fetches credentials there and fetches again before they expire, so a command longer than one role session
keeps working (renewals come from the cache or the MFA session; one that needs a new code fails with a message here).
Examples:
  amplify-aws-roles exec --profile bizcorprole -- aws sts get-caller-identity
  amplify-aws-roles exec --profile bizcorprole --server -- npx ampx sandbox`,
  async run(invocation) {
    const { execWithProfile } = require('../../src/exec/execProfile') as typeof import('../../src/exec/execProfile');
    return execWithProfile({
      resolve: resolveRequestFrom(invocation),
      command: invocation.positionals,
      server: invocation.options.server === true,
      env: invocation.env,
      cwd: invocation.cwd,
      stderr: invocation.stderr,
    });
  },
};
