import { withoutCredentialSources } from '../resolve/credentialVariables';
import type { TemporaryCredentials } from '../credentials';

/** Set in the child's environment: its presence means "already inside exec", and it names the profile. */
export const EXEC_MARKER = 'AMPLIFY_AWS_ROLES_EXEC';

/** How the child gets its credentials: fixed in variables, or from our credential server. */
export type CredentialHandOver = { kind: 'variables'; credentials: TemporaryCredentials } | { kind: 'server'; url: string; token: string };

/**
 * The child's environment: the parent's, without other credential sources and without our unlocking variables (the
 * vault passphrase, an MFA code), with the role's credentials, its account (when known: the same for every renewal,
 * so also beside a credential server) and region.
 */
export function childEnvironment(
  parent: NodeJS.ProcessEnv,
  profile: string,
  handOver: CredentialHandOver,
  region: string | undefined,
  accountId?: string,
): NodeJS.ProcessEnv {
  const env = withoutCredentialSources(parent);
  if (handOver.kind === 'variables') {
    const c = handOver.credentials;
    env.AWS_ACCESS_KEY_ID = c.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = c.secretAccessKey;
    if (c.sessionToken) env.AWS_SESSION_TOKEN = c.sessionToken;
    if (c.expiration) env.AWS_CREDENTIAL_EXPIRATION = c.expiration.toISOString();
  } else {
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI = handOver.url;
    env.AWS_CONTAINER_AUTHORIZATION_TOKEN = handOver.token;
  }
  if (accountId) env.AWS_ACCOUNT_ID = accountId;
  if (region) {
    env.AWS_REGION = region;
    env.AWS_DEFAULT_REGION = region;
  }
  env[EXEC_MARKER] = profile;
  return env;
}
