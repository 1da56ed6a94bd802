/**
 * How much time credentials must have left when a deployment starts (Amplify's PrePush, or
 * `credentials --min-ttl`): long enough for a typical `amplify push`, so it never fails half-way with ExpiredToken.
 * Users can raise it with AMPLIFY_AWS_ROLES_DEPLOY_MIN_TTL (seconds).
 */
export const DEPLOYMENT_MIN_TTL_SECONDS = 45 * 60;

export function deploymentMinTtl(env: NodeJS.ProcessEnv): number {
  const configured = env.AMPLIFY_AWS_ROLES_DEPLOY_MIN_TTL;
  return configured && /^\d+$/.test(configured) ? Number(configured) : DEPLOYMENT_MIN_TTL_SECONDS;
}
