import { isToolError } from '../errors';
import { planCredentialChain } from '../plan';
import { describeChainedBy, hopSessions, mfaSessionConfigured, ROLE_CHAINING_MAX_SECONDS, type HopSession } from '../plan/sessionDurations';
import type { CheckOutcome, DoctorFacts } from './types';

function capFix(session: HopSession): string {
  if (session.chainedBy === 'mfa-session') {
    return `Nothing breaks: the MFA session renews the role's credentials every hour without a new code. Set duration_seconds = ${ROLE_CHAINING_MAX_SECONDS} in profile "${session.profile}" to say so, or remove mfa_session_duration for longer role sessions (each renewal then needs a code).`;
  }
  return `Set duration_seconds = ${ROLE_CHAINING_MAX_SECONDS} or less in profile "${session.profile}": a role session assumed with temporary credentials cannot last longer.`;
}

/** How long each role session of the plan lasts; a warning where role chaining caps duration_seconds at one hour. */
export function sessionDurationCheck(facts: DoctorFacts): CheckOutcome {
  const files = facts.files!;
  let sessions: HopSession[];
  try {
    const plan = planCredentialChain(files.profiles, facts.profile, {
      origins: files.origins,
      ssoSessions: files.ssoSessions,
      files,
      vault: facts.vault,
    });
    sessions = hopSessions(plan, (profile) => mfaSessionConfigured(files.profiles, profile));
  } catch (error) {
    if (!isToolError(error)) throw error;
    return { status: 'skip', message: 'Skipped because the plan could not be built.' };
  }
  if (sessions.length === 0) return { status: 'skip', message: `Profile "${facts.profile}" assumes no role, so there is no role session.` };
  const capped = sessions.find((s) => s.capped);
  if (capped) {
    return {
      status: 'warn',
      message: `Profile "${capped.profile}" asks for duration_seconds = ${capped.requestedSeconds}, but its role is ${describeChainedBy(capped.chainedBy!)}: AWS limits such chained role sessions to one hour, so they last ${capped.seconds} s.`,
      fix: capFix(capped),
    };
  }
  const maybe = sessions.find((s) => s.chainedBy === 'maybe-temporary-base' && s.seconds > ROLE_CHAINING_MAX_SECONDS);
  if (maybe) {
    return {
      status: 'warn',
      message: `Profile "${maybe.profile}" asks for duration_seconds = ${maybe.requestedSeconds}; if its base gives temporary credentials, AWS limits the chained role session to one hour (${ROLE_CHAINING_MAX_SECONDS} s).`,
      fix: capFix(maybe),
    };
  }
  const lasts = sessions.map((s) => `${s.roleArn} ${s.seconds} s${s.requestedSeconds === undefined ? " (STS's default)" : ''}`);
  return { status: 'pass', message: `Role sessions last: ${lasts.join(', ')}.` };
}
