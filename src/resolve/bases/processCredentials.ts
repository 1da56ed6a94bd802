import { ToolError } from '../../errors';
import type { ProcessBase } from '../../plan/types';
import { withoutUnlockingVariables } from '../unlockingVariables';
import type { TemporaryCredentials } from '../../credentials';

/**
 * Runs a profile's credential_process through the shell, as the SDKs do. Its stdin and stderr are ours (so its own
 * prompts and errors are seen); its stdout must be the documented JSON (Version 1). It gets our environment without
 * the variables that unlock something: a command that needs a code or the passphrase asks for it on the terminal.
 */
export function processCredentials(base: ProcessBase, options: { env: NodeJS.ProcessEnv; now: () => Date }): Promise<TemporaryCredentials> {
  const { profile, command } = base.process;
  return new Promise((resolve, reject) => {
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    const child = spawn(command, { shell: true, env: withoutUnlockingVariables(options.env), stdio: ['inherit', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', (error) =>
      reject(
        new ToolError('CredentialProcessFailed', `The credential_process of profile "${profile}" could not be started: ${error.message}.`),
      ),
    );
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(
          new ToolError(
            'CredentialProcessFailed',
            `The credential_process of profile "${profile}" exited with ${signal ? `signal ${signal}` : `code ${code}`}.`,
            {
              resolution: `Run the command yourself to see why: ${command}`,
            },
          ),
        );
        return;
      }
      try {
        resolve(parseProcessOutput(stdout, profile, options.now()));
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a ToolError from parseProcessOutput, handed on as it is.
        reject(error);
      }
    });
  });
}

export function parseProcessOutput(stdout: string, profile: string, now: Date): TemporaryCredentials {
  const fail = (what: string) =>
    new ToolError('CredentialProcessInvalidOutput', `The credential_process of profile "${profile}" printed ${what}.`, {
      resolution: 'It must print JSON with Version 1, AccessKeyId, SecretAccessKey and optionally SessionToken, Expiration and AccountId.',
    });
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    throw fail('output that is not JSON');
  }
  if (!data || typeof data !== 'object') throw fail('JSON that is not an object');
  if (data.Version !== 1) throw fail(`an unsupported Version (${JSON.stringify(data.Version)}; expected 1)`);
  if (typeof data.AccessKeyId !== 'string' || !data.AccessKeyId) throw fail('no AccessKeyId');
  if (typeof data.SecretAccessKey !== 'string' || !data.SecretAccessKey) throw fail('no SecretAccessKey');
  const credentials: TemporaryCredentials = { accessKeyId: data.AccessKeyId, secretAccessKey: data.SecretAccessKey };
  if (data.SessionToken !== undefined) {
    if (typeof data.SessionToken !== 'string') throw fail('a SessionToken that is not a string');
    credentials.sessionToken = data.SessionToken;
  }
  if (data.Expiration !== undefined) {
    const expiration = new Date(typeof data.Expiration === 'string' ? data.Expiration : Number.NaN);
    if (Number.isNaN(expiration.getTime())) throw fail('an Expiration that is not an ISO 8601 date');
    if (expiration.getTime() <= now.getTime()) throw fail(`credentials that already expired at ${expiration.toISOString()}`);
    credentials.expiration = expiration;
  }
  if (data.AccountId !== undefined) {
    if (typeof data.AccountId !== 'string' || !/^\d{12}$/.test(data.AccountId))
      throw fail('an AccountId that is not a 12-digit account id');
    credentials.accountId = data.AccountId;
  }
  return credentials;
}
