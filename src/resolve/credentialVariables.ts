import { withoutUnlockingVariables } from './unlockingVariables';

/**
 * Every variable through which an AWS SDK or CLI could find credentials other than the ones we hand over. A child of
 * ours (the command `exec` runs, the browser `console` opens) gets an environment without them, so the role's
 * credentials are the only source it can pick, or it sees none. Here, below both features, so they share one list.
 */
export const CREDENTIAL_VARIABLES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_ACCESS_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CREDENTIAL_SCOPE',
  'AWS_ACCOUNT_ID',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
] as const;

/** A copy of `env` without our unlocking variables (the vault passphrase, an MFA code) and without any credential source. */
export function withoutCredentialSources(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = withoutUnlockingVariables(env);
  for (const name of CREDENTIAL_VARIABLES) delete clean[name];
  return clean;
}
