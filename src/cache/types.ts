/** Temporary credentials as held in memory. Never printed except by the `credentials` command. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Absent for credentials that do not expire (never cached). */
  expiration?: Date;
}
