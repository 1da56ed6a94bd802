/** Temporary credentials as held in memory. Never printed except by the `credentials` command. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Absent for credentials that do not expire (never cached). */
  expiration?: Date;
  /**
   * The 12-digit account the credentials act in, when known without asking STS (the assumed role's ARN, the SSO or
   * aws login session, a credential_process's AccountId, the profile's aws_account_id): SDKs use it for account-based
   * endpoints.
   */
  accountId?: string;
}

/** "ASIA…WXYZ": enough to tell keys apart, never the whole id. */
export function maskKeyId(accessKeyId: string): string {
  return accessKeyId.length > 8 ? `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` : '****';
}

/** Masks everything shaped like an access key id inside a free-form key (MFA session keys hold the source key id). */
export function maskKeyIds(text: string): string {
  return text.replace(/\b[A-Z][A-Z0-9]{15,127}\b/g, (id) => maskKeyId(id));
}

/** The account in an IAM or STS ARN (`arn:aws:iam::123456789012:role/x`), if it names one. */
export function accountIdOfArn(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];
}
