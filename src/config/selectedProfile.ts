import { ToolError } from '../errors';

/** --profile, else AWS_PROFILE, else "default". An empty AWS_PROFILE counts as unset; an empty --profile is an error, as in botocore. */
export function selectedProfile(env: NodeJS.ProcessEnv, explicit?: string): string {
  if (explicit === '') throw new ToolError('InvalidArguments', 'The profile name is empty: give --profile a profile name, or leave it out for AWS_PROFILE, else "default".', { exitCode: 2 });
  return explicit || env.AWS_PROFILE || 'default';
}
