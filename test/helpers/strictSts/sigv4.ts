import * as crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

/** What the SigV4 Authorization header says: who signed, for which service and region, over which headers. */
export interface SigV4Header {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

export function parseAuthorization(value: string | undefined): SigV4Header | undefined {
  const match = AUTHORIZATION.exec((value ?? '').trim());
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The SHA-256 (and HMAC) hash the signer asks for, on node's crypto. */
class Sha256 {
  private readonly hash: crypto.Hash | crypto.Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function signingDate(amzDate: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate ?? '');
  return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6])) : undefined;
}

/**
 * Signs the request again with the secret we know for its key (the SigV4 algorithm of the AWS SDKs' own signer) and
 * compares the signatures: true only when the caller held that secret (and, for a session, its token).
 */
export async function signatureMatches(
  request: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer },
  header: SigV4Header,
  secret: { secretAccessKey: string; sessionToken?: string },
): Promise<boolean> {
  const date = signingDate(String(request.headers['x-amz-date'] ?? ''));
  if (!date) return false;
  const url = new URL(request.url, 'http://stand-in');
  const headers: Record<string, string> = {};
  for (const name of header.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return false;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const previous = query[key];
    query[key] = previous === undefined ? value : ([] as string[]).concat(previous, value);
  }
  const signer = new SignatureV4({
    service: header.service,
    region: header.region,
    credentials: {
      accessKeyId: header.accessKeyId,
      secretAccessKey: secret.secretAccessKey,
      ...(secret.sessionToken ? { sessionToken: secret.sessionToken } : {}),
    },
    sha256: Sha256,
    applyChecksum: false,
  });
  const [hostname, port] = String(headers.host ?? '').split(':');
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname,
      port: port ? Number(port) : undefined,
      path: url.pathname,
      query,
      headers,
      body: request.body.toString('utf8'),
    },
    { signingDate: date, signableHeaders: new Set(header.signedHeaders) },
  );
  const computed = parseAuthorization(String(signed.headers.authorization ?? signed.headers.Authorization ?? ''));
  return computed?.signature === header.signature && computed.signedHeaders.join(';') === header.signedHeaders.join(';');
}
