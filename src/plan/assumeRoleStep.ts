import type { PlanContext } from './planContext';
import { invalidDuration, invalidSourceIdentity, MAX_DURATION_SECONDS, MIN_DURATION_SECONDS } from './planErrors';
import { profileNamed, setting } from './profileSettings';
import type { AssumeRoleStep } from './types';

function durationSeconds(context: PlanContext, profile: string): number | undefined {
  const text = setting(profileNamed(context.profiles, profile), 'duration_seconds');
  if (text === undefined) return undefined;
  const seconds = /^\d+$/.test(text) ? Number(text) : NaN;
  // botocore silently drops a value it cannot parse; STS would then give an hour. Saying so is kinder.
  if (!(seconds >= MIN_DURATION_SECONDS && seconds <= MAX_DURATION_SECONDS)) throw invalidDuration(context, profile, text);
  return seconds;
}

/** STS's rule for SourceIdentity (its ":" ban also keeps out the reserved "aws:" prefix). */
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;

/** source_identity, as aws-vault reads it: set once, it stays on every chained session and in Biz Corp's CloudTrail. */
function sourceIdentity(context: PlanContext, profile: string): string | undefined {
  const value = setting(profileNamed(context.profiles, profile), 'source_identity');
  if (value !== undefined && !SOURCE_IDENTITY.test(value)) throw invalidSourceIdentity(context, profile, value);
  return value;
}

/** One AssumeRole call, with the options the profile sets (and only those). */
export function assumeRoleStep(context: PlanContext, profile: string): AssumeRoleStep {
  const settings = profileNamed(context.profiles, profile);
  const sessionName = setting(settings, 'role_session_name');
  const externalId = setting(settings, 'external_id');
  const mfaSerial = setting(settings, 'mfa_serial');
  const duration = durationSeconds(context, profile);
  const identity = sourceIdentity(context, profile);
  return {
    assumeRole: {
      profile,
      roleArn: setting(settings, 'role_arn')!,
      ...(sessionName ? { sessionName } : {}),
      ...(externalId ? { externalId } : {}),
      ...(mfaSerial ? { mfaSerial } : {}),
      ...(duration !== undefined ? { durationSeconds: duration } : {}),
      ...(identity !== undefined ? { sourceIdentity: identity } : {}),
    },
  };
}
