import { describeChainedBy, ROLE_CHAINING_MAX_SECONDS, type HopSession } from '../plan/sessionDurations';
import type { ChainBase, CredentialChain } from '../plan/types';
import { maskKeyId } from '../credentials';

function describeBase(base: ChainBase): string {
  if ('static' in base) return `access keys of profile "${base.static.profile}" (${maskKeyId(base.static.accessKeyId)})`;
  if ('vault' in base) return `access keys of profile "${base.vault.profile}" from the vault (${maskKeyId(base.vault.accessKeyId)})`;
  if ('credentialSource' in base) return `credential_source ${base.credentialSource.name} (profile "${base.credentialSource.profile}")`;
  if ('process' in base) return `credential_process of profile "${base.process.profile}": ${base.process.command}`;
  if ('sso' in base)
    return `SSO ${base.sso.startUrl}, account ${base.sso.accountId}, role ${base.sso.roleName} (profile "${base.sso.profile}")`;
  if ('login' in base) return `aws login session ${base.login.session} (profile "${base.login.profile}")`;
  return `web identity token ${base.webIdentity.tokenFile} for ${base.webIdentity.roleArn} (profile "${base.webIdentity.profile}")`;
}

/** How long a hop's role session lasts, and why when it is not the profile's duration_seconds. */
export function describeHopDuration(session: HopSession): string {
  if (session.capped)
    return `${session.seconds} s: ${describeChainedBy(session.chainedBy!)}, so AWS caps duration_seconds = ${session.requestedSeconds} at one hour`;
  if (session.chainedBy === 'maybe-temporary-base' && session.seconds > ROLE_CHAINING_MAX_SECONDS)
    return `${session.seconds} s, or ${ROLE_CHAINING_MAX_SECONDS} s when the base's credentials are temporary (role chaining)`;
  return session.requestedSeconds === undefined ? `${session.seconds} s, STS's default` : `${session.seconds} s`;
}

/** The plan as numbered steps for people; `chain --json` prints the data itself. */
export function describeChain(plan: CredentialChain, sessions: HopSession[]): string {
  const [base, ...roles] = plan.chain;
  const lines = [
    `Profile "${plan.profile}" resolves in ${plan.chain.length} step${plan.chain.length === 1 ? '' : 's'}:`,
    `  1. ${describeBase(base)}`,
  ];
  roles.forEach((step, index) => {
    const r = step.assumeRole;
    const extras = [
      r.mfaSerial ? `MFA ${r.mfaSerial}` : undefined,
      r.externalId !== undefined ? 'external id set' : undefined,
      r.sessionName ? `session ${r.sessionName}` : undefined,
      r.sourceIdentity ? `source identity ${r.sourceIdentity}` : undefined,
      describeHopDuration(sessions[index]),
    ].filter(Boolean);
    lines.push(`  ${index + 2}. assume ${r.roleArn} as profile "${r.profile}"${extras.length ? ` (${extras.join(', ')})` : ''}`);
  });
  return lines.join('\n');
}

/** The plan as `chain --json` prints it: the data itself, with the access key id masked as every command masks it. */
export function printablePlan(plan: CredentialChain): CredentialChain {
  const [base, ...roles] = plan.chain;
  const masked: ChainBase =
    'static' in base
      ? { ...base, static: { ...base.static, accessKeyId: maskKeyId(base.static.accessKeyId) } }
      : 'vault' in base
        ? { ...base, vault: { ...base.vault, accessKeyId: maskKeyId(base.vault.accessKeyId) } }
        : base;
  return { ...plan, chain: [masked, ...roles] };
}
