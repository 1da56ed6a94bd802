import * as path from 'node:path';
import { ToolError } from '../../errors';
import { readRegularFile } from '../../files/readRegularFile';
import type { LoginBase } from '../../plan/types';
import { stsDeadlineMs } from '../stsDeadline';
import { sdkCredentials } from './sdkProviders';
import { homeDirectory } from '../../config/fileLocations';
import type { TemporaryCredentials } from '../../credentials';

/**
 * An `aws login` session as a base, through the SDK's own provider (fromLoginCredentials): it reads the AWS CLI's
 * login cache, and when the access token has 5 minutes or less left it refreshes it at the sign-in service (a
 * DPoP-signed CreateOAuth2Token that rotates the refresh token) and writes the new tokens back into the same file, so
 * `aws` and we keep using one session and never invalidate each other's refresh token.
 */

/** The SDK refreshes an access token with this much or less left (LoginCredentialsFetcher.REFRESH_THRESHOLD). */
const SDK_REFRESH_WINDOW_MS = 5 * 60 * 1000;
/** A login cache file is a few KB of JSON (tokens and a DPoP key). */
const LOGIN_CACHE_MAX_BYTES = 1024 * 1024;
const REQUIRED_FIELDS = ['accessToken', 'clientId', 'refreshToken', 'dpopKey'] as const;

/** AWS_LOGIN_CACHE_DIRECTORY, else ~/.aws/login/cache; the file is named by the SHA-256 of login_session, as the AWS CLI names it. */
export function loginCacheFile(session: string, env: NodeJS.ProcessEnv): string {
  const folder = env.AWS_LOGIN_CACHE_DIRECTORY || path.join(homeDirectory(env), '.aws', 'login', 'cache');
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return path.join(folder, `${createHash('sha256').update(session, 'utf8').digest('hex')}.json`);
}

function signIn(profile: string): string {
  return `Run "aws login --profile ${profile}".`;
}

export interface CachedLogin {
  /** When the cached access token's credentials expire (ms since the epoch). */
  expiresAt: number;
  signInRegion?: string;
}

/**
 * What the AWS CLI cached, checked before the SDK reads it: a missing or broken session is our sentence, not the SDK's.
 * The AWS CLI (and the SDK) rewrite the file in place, so text that is not JSON is read once more before it counts.
 */
export async function readCachedLogin(base: LoginBase, file: string): Promise<CachedLogin> {
  try {
    return readCachedLoginOnce(base, file);
  } catch (error) {
    if ((error as ToolError).code !== 'LoginSessionUnusable') throw error;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return readCachedLoginOnce(base, file);
  }
}

function readCachedLoginOnce(base: LoginBase, file: string): CachedLogin {
  const { profile, session } = base.login;
  const unusable = (why: string) =>
    new ToolError('LoginSessionUnusable', `The aws login session of profile "${profile}" (${session}) in ${file} ${why}.`, {
      resolution: signIn(profile),
    });
  // A regular file of bounded size only: a pipe or device there (a link the user did not make) must not hang or fill memory.
  const data = readRegularFile(file, (reason) => unusable(`could not be read (${reason})`), {
    nullDeviceIsEmpty: false,
    maxBytes: LOGIN_CACHE_MAX_BYTES,
  });
  if (data === undefined) {
    throw new ToolError(
      'LoginSessionMissing',
      `Profile "${profile}" signs in with aws login as ${session}, but this machine has no session for it (${file} does not exist).`,
      {
        resolution: signIn(profile),
      },
    );
  }
  const text = data.toString('utf8');
  let token: Record<string, unknown>;
  try {
    token = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw unusable('is not valid JSON');
  }
  if (!token || typeof token !== 'object') throw unusable('is not a JSON object');
  const access = token.accessToken as Record<string, unknown> | undefined;
  const missing = [
    ...REQUIRED_FIELDS.filter((key) => !token[key]),
    ...(access && typeof access === 'object' && access.accountId ? [] : ['accessToken.accountId']),
  ];
  if (missing.length > 0) throw unusable(`lacks ${missing.join(', ')}`);
  const expiresAt = Date.parse(String(access!.expiresAt));
  if (Number.isNaN(expiresAt)) throw unusable('has no readable accessToken.expiresAt');
  return { expiresAt, ...(typeof token.signInRegion === 'string' && token.signInRegion ? { signInRegion: token.signInRegion } : {}) };
}

/** The sign-in service's refusals (the SDK's sentences for TOKEN_EXPIRED, USER_CREDENTIALS_CHANGED, INSUFFICIENT_PERMISSIONS). */
const REFUSED = /session has expired|change in your password|insufficient permissions|re-?authenticate/i;

export interface LoginContext {
  files: { configFile: string; credentialsFile: string };
  env: NodeJS.ProcessEnv;
  /** The profile asked for: its region is the sign-in region's last fallback. */
  region?: string;
  now: () => Date;
  /** A lock file for a key (our cache folder): two of our processes never refresh one session at once. */
  lockFileFor?: (key: string) => string;
}

export async function loginCredentials(base: LoginBase, context: LoginContext): Promise<TemporaryCredentials> {
  const { profile, session } = base.login;
  const { env } = context;
  const file = loginCacheFile(session, env);
  const cached = await readCachedLogin(base, file);
  const region = cached.signInRegion ?? context.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const endpointUrl = env.AWS_ENDPOINT_URL_SIGNIN || env.AWS_ENDPOINT_URL || undefined;
  const endpoint = `the sign-in endpoint ${endpointUrl ?? `https://${region}.signin.aws.amazon.com`}`;
  const ms = stsDeadlineMs(env);
  const get = () =>
    sdkCredentials({
      kind: 'aws login',
      profile,
      get: (requestHandler) => {
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
        const { fromLoginCredentials } =
          require('@aws-sdk/credential-provider-login') as typeof import('@aws-sdk/credential-provider-login');
        return fromLoginCredentials({
          profile,
          filepath: context.files.credentialsFile,
          configFilepath: context.files.configFile,
          // The token's signInRegion still wins over this region, as in the SDK and the AWS CLI.
          clientConfig: { region, maxAttempts: 2, requestHandler, ...(endpointUrl ? { endpoint: endpointUrl } : {}) },
        })();
      },
      hint: signIn(profile),
      deadline: { ms, endpointOf: () => endpoint },
      explain: (error) => {
        const message = ((error as Error)?.message ?? String(error)).split('\n')[0];
        if (!REFUSED.test(message)) return undefined;
        return new ToolError(
          'LoginSessionExpired',
          `The aws login session of profile "${profile}" (${session}) can no longer be refreshed: ${message.replace(/\.$/, '')}.`,
          { resolution: signIn(profile) },
        );
      },
    });
  if (cached.expiresAt - context.now().getTime() > SDK_REFRESH_WINDOW_MS || !context.lockFileFor) return get();
  // A refresh rotates the refresh token: a second process sending the old one would be refused. One at a time; the
  // next one finds the new token in the file (the SDK reads it again before refreshing) and sends nothing.
  const { acquireFileLock } = require('../../files/fileLock') as typeof import('../../files/fileLock');
  const lock = await acquireFileLock(context.lockFileFor(`aws-login\n${session}`), { timeoutMs: ms * 2 + 5000, staleMs: ms * 2 + 5000 });
  try {
    return await get();
  } finally {
    if ('release' in lock) lock.release();
  }
}
