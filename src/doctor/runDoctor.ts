import { findProjectRoot, ProjectCacheStore } from '../cache';
import { fixedMfaCode } from '../prompts/mfaCode';
import { resolveProfileCredentials } from '../resolve';
import { callerIdentity } from '../resolve/callerIdentity';
import { DOCTOR_CHECKS } from './checkList';
import { gatherFacts } from './gatherFacts';
import { runChecks } from './runChecks';
import type { DoctorProgress, DoctorReport, DoctorRequest, DoctorServices } from './types';
import { homeDirectory } from '../config/fileLocations';

export function defaultServices(env: NodeJS.ProcessEnv): DoctorServices {
  const now = () => new Date();
  return {
    callerIdentity,
    resolveProfileCredentials,
    cacheStore: (warn) => new ProjectCacheStore({ home: homeDirectory(env), warn, now }),
    gen1Apps: (credentials, options) =>
      (require('../amplify/gen1Customer') as typeof import('../amplify/gen1Customer')).listGen1Apps(credentials, options),
    now,
  };
}

/**
 * Checks a profile's setup step by step. Bad flags (--mfa-code, --project) are errors thrown before any check,
 * like every command's; everything about the user's setup is a check result.
 */
export async function runDoctor(
  request: DoctorRequest,
  services: Partial<DoctorServices> = {},
  progress?: DoctorProgress,
): Promise<DoctorReport> {
  if (request.mfaCode !== undefined) fixedMfaCode(request.mfaCode, '--mfa-code');
  const scope = findProjectRoot(request.cwd, request.project);
  const all = { ...defaultServices(request.env), ...services };
  const facts = gatherFacts(request);
  progress?.start(facts.profile, facts);
  const checks = await runChecks(DOCTOR_CHECKS, { facts, request, scope, services: all, startedAt: all.now() }, (result) =>
    progress?.result(result),
  );
  return { profile: facts.profile, ok: checks.every((check) => check.status !== 'fail'), checks };
}
