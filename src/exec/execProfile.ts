import type { Writable } from 'node:stream';
import { ToolError, isToolError } from '../errors';
import { resolveProfileCredentials, type ResolveRequest } from '../resolve';
import { refreshingCredentialProvider } from '../resolve/refreshingProvider';
import { childEnvironment, EXEC_MARKER, type CredentialHandOver } from './childEnvironment';
import { startCredentialServer } from './credentialServer';
import { defaultProfileCredentialKeys } from './otherSources';
import { runChild } from './runChild';
import type { TemporaryCredentials } from '../credentials';

/**
 * The credential server renews what it hands out once less than this is left. The SDKs refresh container
 * credentials 5 minutes (JavaScript) to 15 minutes (botocore, advisory) before they expire and simply ask again,
 * so this keeps every answer usable without renewing a one-hour session after a quarter of it.
 */
export const SERVER_MIN_TTL_SECONDS = 300;

export interface ExecRequest {
  resolve: ResolveRequest;
  /** The command and its arguments (everything after "--"). */
  command: string[];
  /** Serve credentials from a local endpoint instead of fixed variables. */
  server: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stderr: Writable;
}

export function refuseNestedExec(env: NodeJS.ProcessEnv): void {
  const outer = env[EXEC_MARKER];
  if (outer !== undefined) {
    throw new ToolError(
      'NestedExec',
      `This shell already runs inside "amplify-aws-roles exec" for profile "${outer}", so a second exec would mix two roles' credentials.`,
      {
        resolution: 'Run the command directly (it already has the credentials), or leave the outer exec first.',
        exitCode: 2,
      },
    );
  }
}

/** What a failed renewal prints on the terminal: once per distinct reason, never credentials. */
function terminalReporter(stderr: Writable): (error: unknown) => void {
  let last = '';
  return (error) => {
    const text = isToolError(error)
      ? `amplify-aws-roles: Error: ${error.message}${error.resolution ? `\n${error.resolution}` : ''}`
      : `amplify-aws-roles: Error: could not renew the credentials: ${error instanceof Error ? error.message : String(error)}`;
    if (text !== last) stderr.write(`\n${text}\n`);
    last = text;
  };
}

/**
 * `exec`: resolve the profile (asking for the MFA code now, before the command starts), then run the command with
 * the role's credentials and nothing else to pick from, and resolve to its exit status.
 */
export async function execWithProfile(request: ExecRequest): Promise<number> {
  refuseNestedExec(request.env);
  const [command, ...args] = request.command;
  if (command === undefined || command === '') {
    throw new ToolError(
      'InvalidArguments',
      'exec needs the command to run after "--", for example: exec --profile NAME -- aws sts get-caller-identity.',
      { exitCode: 2 },
    );
  }
  const first = await resolveProfileCredentials(request.resolve);
  if (!request.server) {
    const env = childEnvironment(
      request.env,
      first.profile,
      { kind: 'variables', credentials: first.credentials },
      first.region,
      first.credentials.accountId,
    );
    return runChild({ command, args, env, cwd: request.cwd });
  }
  if (!first.credentials.sessionToken || !first.credentials.expiration) {
    throw new ToolError(
      'ServerNeedsTemporaryCredentials',
      `Profile "${first.profile}" gives credentials without a session token or an expiry (long-term keys), which the SDKs do not accept from a credential server and which need no renewal.`,
      {
        resolution: 'Run exec without --server for this profile.',
        exitCode: 2,
      },
    );
  }
  const shadowing = defaultProfileCredentialKeys(request.env);
  if (shadowing) {
    request.stderr.write(
      `Warning: profile "default" has credentials of its own (${shadowing}); the SDKs and the AWS CLI read them before the credential server, so the command would run as that profile instead of "${first.profile}". Remove them, or use exec without --server.\n`,
    );
  }
  const { mfaCode: _code, mfa: _mfa, ...withoutCode } = request.resolve;
  const renew = refreshingCredentialProvider({ ...withoutCode, noCache: false, minTtlSeconds: SERVER_MIN_TTL_SECONDS });
  const server = await startCredentialServer({
    provide: async (): Promise<TemporaryCredentials> => renew(),
    onError: terminalReporter(request.stderr),
  });
  try {
    const handOver: CredentialHandOver = { kind: 'server', url: server.url, token: server.token };
    return await runChild({
      command,
      args,
      env: childEnvironment(request.env, first.profile, handOver, first.region, first.credentials.accountId),
      cwd: request.cwd,
    });
  } finally {
    await server.close();
  }
}
