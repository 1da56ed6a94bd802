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
