import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';
import * as http from 'node:http';
import { listenOnLoopback } from './loopbackServer';

/**
 * A stand-in for the AWS sign-in service's token endpoint (CreateOAuth2Token, POST /v1/token), what the SDK's
 * fromLoginCredentials calls to refresh an `aws login` session, on a free loopback port (AWS_ENDPOINT_URL_SIGNIN
 * points the SDK at it). Like the real one it says no unless the request carries a DPoP proof signed with the
 * session's key for this URL, the session's client id and the refresh token it handed out last: each success rotates
 * the refresh token, so a second use of an old one is refused (TOKEN_EXPIRED), which is what makes two refreshers that
 * do not share the cache file lock each other out.
 */
export interface LoginSession {
  /** The session's DPoP key, as the AWS CLI keeps it in the cache file (PEM, SEC1). */
  dpopKeyPem: string;
  publicKey: KeyObject;
  clientId: string;
}

export function newLoginSession(): LoginSession {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    dpopKeyPem: privateKey.export({ format: 'pem', type: 'sec1' }).toString(),
    publicKey,
    clientId: 'arn:aws:signin:::devtools/same-device',
  };
}

export interface SigninRequest {
  clientId?: string;
  grantType?: string;
  refreshToken?: string;
  /** 'valid', or why the DPoP proof was refused. */
  dpop: string;
  /** What the stand-in answered. */
  outcome: 'refreshed' | 'refused';
}

export interface SigninStandIn {
  url: string;
  requests: SigninRequest[];
  /** 'ok' checks and answers; 'hang' accepts and never answers; 'expired' refuses every refresh (the 12 hours are over). */
  mode: 'ok' | 'hang' | 'expired';
  /** The refresh token accepted next. */
  refreshToken: string;
  /** The credentials of every successful refresh, in order. */
  issued: Array<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }>;
  close(): Promise<void>;
}

/** Verifies a DPoP proof (RFC 9449) for POST `url`: ES256 over header.payload with the jwk it carries, which must be the session's key. */
function checkDpop(proof: string | undefined, url: string, session: LoginSession): string {
  if (!proof) return 'no DPoP header';
  const parts = proof.split('.');
  if (parts.length !== 3) return 'not a JWT';
  let header: { alg?: string; typ?: string; jwk?: { kty: string; crv: string; x: string; y: string } };
  let payload: { htm?: string; htu?: string; iat?: number; jti?: string };
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return 'unreadable JWT';
  }
  if (header.alg !== 'ES256' || header.typ !== 'dpop+jwt' || !header.jwk) return 'wrong alg, typ or no jwk';
  const expected = session.publicKey.export({ format: 'jwk' });
  if (header.jwk.x !== expected.x || header.jwk.y !== expected.y) return "a key other than the session's";
  if (payload.htm !== 'POST' || payload.htu !== url) return `htm/htu ${payload.htm} ${payload.htu} instead of POST ${url}`;
  if (!payload.jti || typeof payload.iat !== 'number' || Math.abs(payload.iat - Date.now() / 1000) > 300) return 'no jti or a stale iat';
  const key = createPublicKey({ key: header.jwk, format: 'jwk' });
  const signed = verify(
    'sha256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(parts[2], 'base64url'),
  );
  return signed ? 'valid' : 'a bad signature';
}

export async function startSigninStandIn(session: LoginSession, firstRefreshToken: string): Promise<SigninStandIn> {
  let counter = 0;
  const standIn: Omit<SigninStandIn, 'url' | 'close'> = { requests: [], mode: 'ok', refreshToken: firstRefreshToken, issued: [] };
  let url = '';
  const refuse = (response: http.ServerResponse, status: number, type: string, error: string, message: string) => {
    response.writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type });
    response.end(JSON.stringify({ error, message }));
  };
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/token') {
        refuse(response, 404, 'ValidationException', 'INVALID_REQUEST', `no ${request.method} ${request.url} here`);
        return;
      }
      let input: { clientId?: string; grantType?: string; refreshToken?: string } = {};
      try {
        input = JSON.parse(body);
      } catch {
        /* checked below */
      }
      const dpop = checkDpop(request.headers.dpop as string | undefined, `${url}/v1/token`, session);
      const entry: SigninRequest = {
        clientId: input.clientId,
        grantType: input.grantType,
        refreshToken: input.refreshToken,
        dpop,
        outcome: 'refused',
      };
      standIn.requests.push(entry);
      if (standIn.mode === 'hang') return;
      if (dpop !== 'valid') return refuse(response, 400, 'ValidationException', 'INVALID_REQUEST', `DPoP proof refused: ${dpop}`);
      if (input.grantType !== 'refresh_token' || input.clientId !== session.clientId)
        return refuse(response, 400, 'ValidationException', 'INVALID_REQUEST', 'wrong client or grant');
      if (standIn.mode === 'expired' || input.refreshToken !== standIn.refreshToken)
        return refuse(response, 403, 'AccessDeniedException', 'TOKEN_EXPIRED', 'The refresh token has expired or was already used.');
      counter++;
      const issued = {
        accessKeyId: `ASIALOGINREFRESH${String(counter).padStart(4, '0')}`,
        secretAccessKey: `login-refreshed-secret-${counter}`,
        sessionToken: `login-refreshed-token-${counter}`,
      };
      standIn.issued.push(issued);
      standIn.refreshToken = `refresh-${counter}-${randomBytes(6).toString('hex')}`;
      entry.outcome = 'refreshed';
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({
          accessToken: issued,
          tokenType: 'aws_sigv4',
          expiresIn: 900,
          refreshToken: standIn.refreshToken,
          idToken: 'header.payload.signature',
        }),
      );
    });
  });
  const listening = await listenOnLoopback(server);
  url = listening.url;
  return Object.assign(standIn, listening);
}
