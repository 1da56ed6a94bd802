/**
 * A credential chain plan: one base provider followed by the roles to assume, in order.
 * Plain data, computed without I/O (see planCredentialChain), printed by `chain --json`
 * and executed by src/resolve. Optional fields are omitted when not configured.
 */
export interface StaticBase {
  static: { profile: string; accessKeyId: string };
}
/** Long-term access keys kept in this tool's vault (src/vault) instead of the files: read only when STS is called. */
export interface VaultBase {
  vault: { profile: string; accessKeyId: string };
}
export interface CredentialSourceBase {
  credentialSource: { profile: string; name: 'Environment' | 'Ec2InstanceMetadata' | 'EcsContainer' };
}
export interface ProcessBase {
  process: { profile: string; command: string };
}
export interface SsoBase {
  /** startUrl and region come from the profile, or from the [sso-session] section named by `session`. */
  sso: { profile: string; session?: string; startUrl: string; region: string; accountId: string; roleName: string };
}
export interface WebIdentityBase {
  webIdentity: { profile: string; roleArn: string; tokenFile: string; sessionName?: string };
}
/** An `aws login` session (AWS CLI 2.32+): console credentials cached by the AWS CLI, refreshed through the sign-in service. */
export interface LoginBase {
  /** `session` is the profile's login_session (the signed-in principal's ARN); its cache file is named by its SHA-256. */
  login: { profile: string; session: string };
}
export type ChainBase = StaticBase | VaultBase | CredentialSourceBase | ProcessBase | SsoBase | WebIdentityBase | LoginBase;

export interface AssumeRoleStep {
  assumeRole: {
    profile: string;
    roleArn: string;
    sessionName?: string;
    externalId?: string;
    mfaSerial?: string;
    durationSeconds?: number;
    /** source_identity: STS's SourceIdentity (needs sts:SetSourceIdentity in the role's trust policy). */
    sourceIdentity?: string;
  };
}

export type ChainLink = ChainBase | AssumeRoleStep;

export interface CredentialChain {
  profile: string;
  /** chain[0] is the base, chain[1..] are AssumeRoleSteps. */
  chain: [ChainBase, ...AssumeRoleStep[]];
}

/** Long-term keys, in the files or in the vault: the only bases GetSessionToken accepts, and never cached. */
export function isLongTermKeysBase(base: ChainBase): base is StaticBase | VaultBase {
  return 'static' in base || 'vault' in base;
}

export function isAssumeRoleStep(link: ChainLink): link is AssumeRoleStep {
  return 'assumeRole' in link;
}
