import * as crypto from 'node:crypto';

/** STS's query-protocol XML (STS API reference, "Common Errors" and each action's response elements). */
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** A refusal as STS words it: HTTP status, error code and message. */
export interface StsRefusal {
  status: number;
  code: string;
  message: string;
}

export function refusal(status: number, code: string, message: string): StsRefusal {
  return { status, code, message };
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function errorXml(error: StsRefusal): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${type}</Type><Code>${error.code}</Code><Message>${escape(error.message)}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

function credentialsXml(c: IssuedCredentials): string {
  return `<Credentials><AccessKeyId>${c.accessKeyId}</AccessKeyId><SecretAccessKey>${escape(c.secretAccessKey)}</SecretAccessKey><SessionToken>${escape(c.sessionToken)}</SessionToken><Expiration>${c.expiration.toISOString()}</Expiration></Credentials>`;
}

function metadata(): string {
  return `<ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata>`;
}

export function getSessionTokenXml(credentials: IssuedCredentials): string {
  return `<GetSessionTokenResponse xmlns="${STS_NAMESPACE}"><GetSessionTokenResult>${credentialsXml(credentials)}</GetSessionTokenResult>${metadata()}</GetSessionTokenResponse>`;
}

export function callerIdentityXml(identity: { arn: string; userId: string; account: string }): string {
  return `<GetCallerIdentityResponse xmlns="${STS_NAMESPACE}"><GetCallerIdentityResult><Arn>${escape(identity.arn)}</Arn><UserId>${escape(identity.userId)}</UserId><Account>${identity.account}</Account></GetCallerIdentityResult>${metadata()}</GetCallerIdentityResponse>`;
}

/** The text of the first element `name` in an XML answer (moto's answers are flat enough for this). */
export function xmlText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match
    ? match[1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
    : undefined;
}

/** moto's answer with Expiration set to `expiration` (STS stamps it by its own clock). */
export function withExpiration(xml: string, expiration: Date): string {
  return xml.replace(/<Expiration>[^<]*<\/Expiration>/, `<Expiration>${expiration.toISOString()}</Expiration>`);
}

function randomText(length: number, alphabet: string): string {
  return Array.from(crypto.randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

/** New temporary credentials shaped like STS's: ASIA key id, 40-character secret, a long token. */
export function newTemporaryCredentials(expiration: Date): IssuedCredentials {
  return {
    accessKeyId: `ASIA${randomText(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    secretAccessKey: randomText(40, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+'),
    sessionToken: `FwoGZXIvYXdzE${randomText(180, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+')}`,
    expiration,
  };
}
