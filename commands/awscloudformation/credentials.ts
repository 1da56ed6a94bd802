import type { CommandModule } from '../../src/cli/invocation';
import { resolveOptions, resolveRequestFrom, stringOption } from '../../src/cli/resolveOptions';
import { ToolError } from '../../src/errors';
import { formatCredentials, type CredentialsFormat } from '../../src/output/credentialsFormat';
import { resolveProfileCredentials } from '../../src/resolve';
import { write } from '../../src/output/writeLine';

const FORMATS: CredentialsFormat[] = ['process', 'env', 'json'];

export const command: CommandModule = {
  name: 'credentials',
  summary: "Print the profile's credentials (from the cache when fresh), for credential_process, eval or scripts",
  options: {
    ...resolveOptions,
    format: { type: 'string', value: 'FORMAT', description: 'process (default: credential_process JSON), env (export lines) or json' },
  },
  details: `This is the one command that prints secrets: that is what it is for.
Use it as a credential_process so the AWS CLI, the SDKs and the Amplify CLI share this tool's cache:
  [profile bizcorprole-cached]
  credential_process = amplify-aws-roles credentials --profile bizcorprole
When run that way the MFA prompt appears on the controlling terminal (/dev/tty).`,
  async run(invocation) {
    const format = (stringOption(invocation, 'format') ?? 'process') as CredentialsFormat;
    if (!FORMATS.includes(format)) {
      throw new ToolError('InvalidArguments', `--format must be one of ${FORMATS.join(', ')}, not "${format}".`, { exitCode: 2 });
    }
    let result;
    try {
      result = await resolveProfileCredentials(resolveRequestFrom(invocation));
    } catch (error) {
      (require('../../src/prompts/terminalEcho') as typeof import('../../src/prompts/terminalEcho')).echoToTerminal(
        invocation.stderr,
        error,
      );
      throw error;
    }
    write(invocation.stdout, formatCredentials(result, format));
    return 0;
  },
};
