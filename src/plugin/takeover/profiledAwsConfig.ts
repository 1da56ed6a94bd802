import type { AwsConfigFiles } from '../../config/types';
import { loadAwsFiles } from '../../resolve/loadAwsFiles';
import { isToolError, type ToolError } from '../../errors';
import { isPromptCancelled } from '../../prompts/cancelled';
import type { MfaCodeProvider } from '../../prompts/mfaCode';
import type { SecretAsker } from '../../prompts/secretInput';
import type { ResolveResult } from '../../resolve';
import { scopeKey } from '../../cache/projectScope';
import { profileTarget, type ContextWithProject, type ProfileTarget } from './profileTarget';

/** The built-in provider's `getProfiledAwsConfig(context, profileName, isRoleSourceProfile)`: an SDK client config for a profile. */
export type GetProfiledAwsConfig = (
  context: unknown,
  profileName: string,
  isRoleSourceProfile?: boolean,
) => Promise<Record<string, unknown>>;

export interface TakeoverDependencies {
  env: NodeJS.ProcessEnv;
  cwd: () => string;
  stdin: NodeJS.ReadableStream;
  stderr: NodeJS.WritableStream;
  /** How MFA codes are asked inside the CLI (with its spinners held back). */
  mfa: () => MfaCodeProvider;
  /** How the vault passphrase is asked inside the CLI (with its spinners held back). */
  secrets?: () => SecretAsker;
  /** Our error as the CLI prints a user error. */
  cliError: (error: ToolError) => Error;
  /**
   * A prompt of ours was cancelled: the command ends here. Handed back to the CLI as an error it would print with
   * our hint, or retry through the environment's bridge with a second prompt (env checkout).
   */
  cancelled?: (error: ToolError) => never;
  /** Runs once per process, after the first credentials we hand out for a project (e.g. to bridge its environment). */
  afterFirstResolve?: (target: ProfileTarget, roleArn: string | undefined) => void;
}

/**
 * The replacement for the built-in's `getProfiledAwsConfig`: profiles we take over (profileTarget) resolve through our
 * resolver and cache, everything else goes to the built-in unchanged (`shape.flat`: the SDK v2 providers' flat object). Calls for the same profile and project within
 * one CLI process share one resolution, so concurrent SDK clients cause one prompt.
 */
export function takeOverProfiledAwsConfig(
  original: GetProfiledAwsConfig,
  deps: TakeoverDependencies,
  shape: { flat?: boolean } = {},
): GetProfiledAwsConfig {
  const inFlight = new Map<string, Promise<ResolveResult>>();
  const seen = new Set<string>();
  return async function getProfiledAwsConfig(context, profileName, isRoleSourceProfile) {
    if (isRoleSourceProfile) return original(context, profileName, isRoleSourceProfile);
    const cwd = deps.cwd();
    let target: ProfileTarget | undefined;
    let files: AwsConfigFiles;
    try {
      files = loadAwsFiles({ env: deps.env });
      target = profileTarget(files, profileName, context as ContextWithProject, cwd);
    } catch (error) {
      if (isToolError(error)) throw deps.cliError(error);
      throw error;
    }
    if (!target) return original(context, profileName, isRoleSourceProfile);
    const key = `${target.profile}\u0000${scopeKey(target.scope)}`;
    let pending = inFlight.get(key);
    if (!pending) {
      const { resolveProfileCredentials } = require('../../resolve') as typeof import('../../resolve');
      pending = resolveProfileCredentials({
        env: deps.env,
        cwd,
        profile: target.profile,
        files,
        scope: target.scope,
        stdin: deps.stdin as never,
        stderr: deps.stderr as never,
        mfa: deps.mfa(),
        secrets: deps.secrets?.(),
      });
      inFlight.set(key, pending);
      pending.then(
        () => inFlight.delete(key),
        () => inFlight.delete(key),
      );
    }
    let result: ResolveResult;
    try {
      result = await pending;
    } catch (error) {
      if (isPromptCancelled(error) && deps.cancelled) deps.cancelled(error);
      if (isToolError(error)) throw deps.cliError(error);
      throw error;
    }
    if (!seen.has(key)) {
      seen.add(key);
      deps.afterFirstResolve?.(target, result.roleArn);
    }
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = result.credentials;
    const region = result.region ?? target.region;
    // SDK v2 providers (CLI before 14) pass this object to `new AWS.S3(config)`, and code such as amplify-util-mock
    // reads the flat fields; SDK v3 providers pass it to a v3 client, which takes `credentials`.
    if (shape.flat) return { region, accessKeyId, secretAccessKey, sessionToken, expiration };
    return { region, credentials: { accessKeyId, secretAccessKey, sessionToken, expiration } };
  };
}
