/** --profile, else AWS_PROFILE, else "default" (an empty value counts as unset). */
export function selectedProfile(env: NodeJS.ProcessEnv, explicit?: string): string {
  return explicit || env.AWS_PROFILE || 'default';
}
