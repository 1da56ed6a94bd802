import type { ProfileOrigin, ProfileSet } from '../config/types';
import { ToolError } from '../errors';
import type { AssumeRoleStep, ChainBase, CredentialChain, CredentialSourceBase } from './types';

/**
 * Turns a profile into a credential chain plan, without any I/O: the base provider, then the roles to assume.
 * Rules follow the AWS CLI (and the smithy-rs assume-role test data): see the README's "Profiles" section.
 */
export interface PlanOptions {
  origins?: Record<string, ProfileOrigin>;
  ssoSessions?: ProfileSet;
  /** For "not found" messages. */
  files?: { configFile: string; credentialsFile: string };
}

const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'] as const;

function get(profiles: ProfileSet, profile: string, key: string): string | undefined {
  const value = profiles[profile]?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function where(options: PlanOptions, profile: string): string {
  const origin = options.origins?.[profile];
  return origin ? ` (${origin.file}, line ${origin.line})` : '';
}

function staticKeys(profiles: ProfileSet, profile: string, options: PlanOptions): ChainBase | undefined {
  const id = get(profiles, profile, 'aws_access_key_id');
  const secret = get(profiles, profile, 'aws_secret_access_key');
  if (!id && !secret) return undefined;
  if (!id || !secret) {
    const missing = id ? 'aws_secret_access_key' : 'aws_access_key_id';
    throw new ToolError('PartialCredentials', `Profile "${profile}"${where(options, profile)} has ${id ? 'aws_access_key_id' : 'aws_secret_access_key'} but no ${missing}.`, {
      resolution: `Add ${missing} to profile "${profile}" in your credentials file, or remove the other key.`,
    });
  }
  return { static: { profile, accessKeyId: id } };
}

function credentialSource(profiles: ProfileSet, profile: string, options: PlanOptions): CredentialSourceBase {
  const name = get(profiles, profile, 'credential_source')!;
  if (!(CREDENTIAL_SOURCES as readonly string[]).includes(name)) {
    throw new ToolError('InvalidCredentialSource', `Profile "${profile}"${where(options, profile)} has credential_source = ${name}, which is not one of ${CREDENTIAL_SOURCES.join(', ')}.`);
  }
  return { credentialSource: { profile, name: name as CredentialSourceBase['credentialSource']['name'] } };
}

function ssoBase(profiles: ProfileSet, profile: string, options: PlanOptions): ChainBase | undefined {
  const sessionName = get(profiles, profile, 'sso_session');
  const legacyUrl = get(profiles, profile, 'sso_start_url');
  if (!sessionName && !legacyUrl && !get(profiles, profile, 'sso_account_id') && !get(profiles, profile, 'sso_role_name')) return undefined;
  let startUrl = legacyUrl;
  if (sessionName) {
    const session = options.ssoSessions?.[sessionName];
    if (!session) {
      throw new ToolError('SsoSessionNotFound', `Profile "${profile}"${where(options, profile)} names sso_session "${sessionName}", but there is no [sso-session ${sessionName}] section.`);
    }
    startUrl = typeof session.sso_start_url === 'string' && session.sso_start_url ? session.sso_start_url : undefined;
    if (!startUrl) throw new ToolError('IncompleteSso', `The [sso-session ${sessionName}] section used by profile "${profile}" has no sso_start_url.`);
  }
  const accountId = get(profiles, profile, 'sso_account_id');
  const roleName = get(profiles, profile, 'sso_role_name');
  const missing = [!startUrl && 'sso_start_url', !accountId && 'sso_account_id', !roleName && 'sso_role_name', !sessionName && !get(profiles, profile, 'sso_region') && 'sso_region'].filter(Boolean);
  if (missing.length > 0) {
    throw new ToolError('IncompleteSso', `Profile "${profile}"${where(options, profile)} is an SSO profile without ${missing.join(', ')}.`, {
      resolution: `Run "aws configure sso --profile ${profile}" or add the missing keys.`,
    });
  }
  return { sso: { profile, ...(sessionName ? { session: sessionName } : {}), startUrl: startUrl!, accountId: accountId!, roleName: roleName! } };
}

/** The credentials a profile provides by itself, when it has no role_arn (or is a source profile). */
function ownBase(profiles: ProfileSet, profile: string, options: PlanOptions): ChainBase | undefined {
  const sso = ssoBase(profiles, profile, options);
  if (sso) return sso;
  const command = get(profiles, profile, 'credential_process');
  if (command) return { process: { profile, command } };
  return staticKeys(profiles, profile, options);
}

function durationOf(profiles: ProfileSet, profile: string, options: PlanOptions): number | undefined {
  const text = get(profiles, profile, 'duration_seconds');
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 900 || Number(text) > 43200) {
    throw new ToolError('InvalidDuration', `Profile "${profile}"${where(options, profile)} has duration_seconds = ${text}; it must be a whole number of seconds from 900 to 43200.`);
  }
  return Number(text);
}

function assumeStep(profiles: ProfileSet, profile: string, options: PlanOptions): AssumeRoleStep {
  const optional = (key: string) => get(profiles, profile, key);
  const sessionName = optional('role_session_name');
  const externalId = profiles[profile]?.external_id;
  const mfaSerial = optional('mfa_serial');
  const durationSeconds = durationOf(profiles, profile, options);
  return {
    assumeRole: {
      profile,
      roleArn: optional('role_arn')!,
      ...(sessionName ? { sessionName } : {}),
      ...(typeof externalId === 'string' && externalId !== '' ? { externalId } : {}),
      ...(mfaSerial ? { mfaSerial } : {}),
      ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    },
  };
}

export function planCredentialChain(profiles: ProfileSet, name: string, options: PlanOptions = {}): CredentialChain {
  if (!profiles[name]) {
    const files = options.files ? ` in ${options.files.configFile} or ${options.files.credentialsFile}` : '';
    throw new ToolError('ProfileNotFound', `Profile "${name}" was not found${files}.`, {
      resolution: 'Run "amplify-aws-roles profiles" to list the profiles that were read.',
    });
  }
  const roles: AssumeRoleStep[] = [];
  const visited: string[] = [];
  let current = name;
  for (;;) {
    visited.push(current);
    const isSource = current !== name;
    if (isSource) {
      // A source profile with static keys ends the chain, even when it also has role_arn.
      const keys = staticKeys(profiles, current, options);
      if (keys) return finish(name, keys, roles);
    }
    const roleArn = get(profiles, current, 'role_arn');
    if (!roleArn) {
      if (get(profiles, current, 'credential_source')) {
        throw new ToolError('MissingRoleArn', `Profile "${current}"${where(options, current)} has credential_source but no role_arn to assume with it.`);
      }
      const base = ownBase(profiles, current, options);
      if (base) return finish(name, base, roles);
      if (!isSource) {
        throw new ToolError('NoCredentials', `Profile "${current}"${where(options, current)} has no credentials: no access keys, role_arn, credential_process or SSO settings.`);
      }
      throw new ToolError('SourceProfileNoCredentials', `Profile "${visited[visited.length - 2]}" uses source_profile "${current}"${where(options, current)}, which has no credentials (no access keys, role_arn, credential_process or SSO settings).`, {
        resolution: `Add aws_access_key_id and aws_secret_access_key for [${current}] to your credentials file.`,
      });
    }
    const source = get(profiles, current, 'source_profile');
    const namedSource = get(profiles, current, 'credential_source');
    if (source && namedSource) {
      throw new ToolError('ConflictingSource', `Profile "${current}"${where(options, current)} has both source_profile and credential_source; keep only one.`);
    }
    const tokenFile = get(profiles, current, 'web_identity_token_file');
    if (!source && !namedSource) {
      if (tokenFile) {
        const sessionName = get(profiles, current, 'role_session_name');
        return finish(name, { webIdentity: { profile: current, roleArn, tokenFile, ...(sessionName ? { sessionName } : {}) } }, roles);
      }
      throw new ToolError('MissingRoleSource', `Profile "${current}"${where(options, current)} has role_arn but neither source_profile nor credential_source, so there are no credentials to assume the role with.`, {
        resolution: `Add source_profile = <profile with keys> to [profile ${current}].`,
      });
    }
    roles.unshift(assumeStep(profiles, current, options));
    if (namedSource) return finish(name, credentialSource(profiles, current, options), roles);
    if (source === current) {
      const keys = staticKeys(profiles, current, options);
      if (!keys) {
        throw new ToolError('SelfSourceWithoutKeys', `Profile "${current}"${where(options, current)} names itself as source_profile but has no access keys of its own.`);
      }
      return finish(name, keys, roles);
    }
    if (visited.includes(source!)) {
      throw new ToolError('ProfileCycle', `The source_profile chain of profile "${name}" has a cycle: ${[...visited, source].join(' -> ')}.`);
    }
    if (!profiles[source!]) {
      throw new ToolError('SourceProfileNotFound', `Profile "${current}"${where(options, current)} uses source_profile "${source}", which does not exist.`, {
        resolution: `Add a [${source}] section with keys to your credentials file, or fix source_profile.`,
      });
    }
    current = source!;
  }
}

function finish(profile: string, base: ChainBase, roles: AssumeRoleStep[]): CredentialChain {
  return { profile, chain: [base, ...roles] };
}
