import { closestName } from '../suggest';
import { isToolError } from '../errors';
import { classifyProfile, planCredentialChain, type ChainBase, type CredentialChain } from '../plan';
import { profileOf } from './profileFacts';
import type { CheckOutcome, DoctorFacts } from './types';
import { maskKeyId } from '../credentials';

/** "chosen by --profile", "the profile of this project's environment "dev"", ... */
export function chosenBy(facts: Pick<DoctorFacts, 'profileChosenBy' | 'environment'>): string {
  switch (facts.profileChosenBy) {
    case 'project':
      return `the profile of this project's environment "${facts.environment}"`;
    case 'default':
      return 'the default profile';
    default:
      return `chosen by ${facts.profileChosenBy}`;
  }
}

export function profileCheck(facts: DoctorFacts): CheckOutcome {
  const { profile } = facts;
  const files = facts.files!;
  const chosen = `Profile "${profile}" (${chosenBy(facts)})`;
  if (profileOf(facts, profile)) {
    const origin = files.origins[profile];
    return { status: 'pass', message: `${chosen} is defined${origin ? ` in ${origin.file}, line ${origin.line}` : ''}.` };
  }
  const known = Object.keys(files.profiles).sort();
  const section = profile === 'default' ? '[default]' : `[profile ${profile}]`;
  const meant = closestName(profile, known);
  if (meant !== undefined) {
    // The typo is fixed where it was made; a section under the mistyped name would only make it permanent.
    const where = {
      '--profile': `--profile ${meant}`,
      AWS_PROFILE: `AWS_PROFILE=${meant}`,
      project: `amplify-aws-roles configure-project --profile ${meant}`,
      default: `--profile ${meant}`,
    }[facts.profileChosenBy];
    return {
      status: 'fail',
      message: `${chosen} is not defined in ${files.configFile} or ${files.credentialsFile}; did you mean "${meant}"?`,
      fix: `Use ${where}.`,
    };
  }
  return {
    status: 'fail',
    message: `${chosen} is not defined in ${files.configFile} or ${files.credentialsFile}.`,
    fix: known.length
      ? `Pass --profile with one of: ${known.join(', ')}; or add a ${section} section to ${files.configFile}.`
      : `Add a ${section} section to ${files.configFile}.`,
  };
}

export function describeBase(base: ChainBase): string {
  if ('static' in base) return `the access keys of "${base.static.profile}" (${maskKeyId(base.static.accessKeyId)})`;
  if ('vault' in base) return `the access keys of "${base.vault.profile}" in the vault (${maskKeyId(base.vault.accessKeyId)})`;
  if ('credentialSource' in base) return `credential_source ${base.credentialSource.name}`;
  if ('process' in base) return `the credential_process of "${base.process.profile}"`;
  if ('sso' in base) return `SSO role ${base.sso.roleName} in account ${base.sso.accountId} (profile "${base.sso.profile}")`;
  if ('login' in base) return `the aws login session of "${base.login.profile}" (${base.login.session})`;
  return `a web identity token for ${base.webIdentity.roleArn}`;
}

/** How the profile's credentials are obtained, in one sentence (no secrets: the key id is shortened). */
export function describePlan(plan: CredentialChain): string {
  const [base, ...roles] = plan.chain;
  const steps = roles.map(({ assumeRole: r }) => {
    const extras = [r.mfaSerial ? 'MFA' : '', r.externalId !== undefined ? 'an external id' : ''].filter(Boolean);
    return `AssumeRole ${r.roleArn}${extras.length ? ` with ${extras.join(' and ')}` : ''}`;
  });
  return [describeBase(base), ...steps].join(', then ');
}

/** The plan the resolver will execute (src/plan): the planner's own sentence when it cannot be built. */
export function planCheck(facts: DoctorFacts): CheckOutcome {
  const files = facts.files!;
  try {
    const plan = planCredentialChain(files.profiles, facts.profile, {
      origins: files.origins,
      ssoSessions: files.ssoSessions,
      files,
      vault: facts.vault,
    });
    const { kind } = classifyProfile(files.profiles, facts.profile, files.ssoSessions, facts.vault);
    return { status: 'pass', message: `Kind ${kind}: ${describePlan(plan)}.` };
  } catch (error) {
    if (!isToolError(error)) throw error;
    return { status: 'fail', message: error.message, ...(error.resolution ? { fix: error.resolution } : {}) };
  }
}
