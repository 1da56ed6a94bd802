import type { IssuedCredentials } from './stsXml';
import { xmlText } from './stsXml';

/** How a session was made: the STS call (or the SSO portal) that handed out its temporary credentials. */
export type SessionOrigin = 'GetSessionToken' | 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'SSO';

/** Who signed a request, as IAM sees it. */
export interface Principal {
  /** arn:aws:iam::ACCOUNT:user/NAME, or arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION. */
  arn: string;
  account: string;
  userId: string;
  /** Set for an IAM user and for that user's GetSessionToken sessions. */
  userName?: string;
  /** Set for a role session: arn:aws:iam::ACCOUNT:role/NAME. */
  roleArn?: string;
  /** The key moto knows this principal by; calls passed on to moto are attributed to it. */
  motoKeyId: string;
  /** Temporary credentials (any session) rather than an IAM user's long-term access key. */
  temporary: boolean;
  origin?: SessionOrigin;
  /** When MFA was last proved for this session (a code with GetSessionToken or AssumeRole, or inherited). */
  mfaAuthTime?: Date;
}

export interface Session {
  credentials: IssuedCredentials;
  principal: Principal;
  durationSeconds: number;
}

interface MotoAccessKey {
  access_key_id: string;
  secret_access_key: string;
  status: string;
  user_name: string | null;
}

export type LongTermKey = { principal: Principal; secretAccessKey: string; status: string };

/**
 * An IAM user's access key as moto's IAM holds it: its secret and status from moto's model data, the user it belongs
 * to (ARN, account, id) from moto's GetCallerIdentity asked as that key. Undefined when IAM has no such user key
 * (never had, or it was deleted).
 */
export async function longTermKey(motoUrl: string, accessKeyId: string): Promise<LongTermKey | undefined> {
  const data = (await (await fetch(`${motoUrl}/moto-api/data.json`)).json()) as { iam?: { AccessKey?: MotoAccessKey[] } };
  const key = (data.iam?.AccessKey ?? []).find((k) => k.access_key_id === accessKeyId && k.user_name);
  if (!key) return undefined;
  const answer = await fetch(motoUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      // moto reads the caller's key (and from it the account) from the credential scope; in its default mode it checks no signature.
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20200101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
    },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  const xml = await answer.text();
  const arn = xmlText(xml, 'Arn');
  const account = xmlText(xml, 'Account');
  if (!answer.ok || !arn || !account)
    throw new Error(`moto could not tell whose key ${accessKeyId} is: HTTP ${answer.status} ${xml.slice(0, 300)}`);
  // moto's model data keeps deleted keys; its IAM does not: a key no user holds any more answers as moto's default caller.
  if (!new RegExp(`^arn:aws[\\w-]*:iam::\\d{12}:user/(.*/)?${key.user_name!.replace(/[.+]/g, '\\$&')}$`).test(arn)) return undefined;
  return {
    principal: {
      arn,
      account,
      userId: xmlText(xml, 'UserId') ?? accessKeyId,
      userName: key.user_name!,
      motoKeyId: accessKeyId,
      temporary: false,
    },
    secretAccessKey: key.secret_access_key,
    status: key.status,
  };
}
