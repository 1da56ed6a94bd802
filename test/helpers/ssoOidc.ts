import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { listenOnLoopback } from './loopbackServer';

/**
 * A stand-in for the SSO OIDC service's CreateToken (POST /token), what the SDK calls to refresh an sso-session's
 * expired access token with the refresh token `aws sso login` cached, on a free loopback port
 * (AWS_ENDPOINT_URL_SSO_OIDC points the SDK at it). Like the real one it refuses a wrong client secret and any
 * refresh token but the one it issued last (each refresh rotates it), with InvalidGrantException.
 */
export interface SsoOidcStandIn {
  url: string;
  /** Every CreateToken request and what it was answered. */
  requests: Array<{ clientId?: string; grantType?: string; refreshToken?: string; outcome: 'refreshed' | 'refused' }>;
  /** 'ok' checks and answers; 'hang' accepts and never answers; 'headersOnly' sends the headers, never the body. */
  mode: 'ok' | 'hang' | 'headersOnly';
  /** The refresh token accepted next. */
  refreshToken: string;
  /** The access tokens issued, in order. */
  issued: string[];
  close(): Promise<void>;
}

export async function startSsoOidc(client: { clientId: string; clientSecret: string }, firstRefreshToken: string): Promise<SsoOidcStandIn> {
  const oidc: Omit<SsoOidcStandIn, 'url' | 'close'> = { requests: [], mode: 'ok', refreshToken: firstRefreshToken, issued: [] };
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/token') {
        response.writeHead(404, { 'Content-Type': 'application/json' });
        response.end('{"error":"not_found"}');
        return;
      }
      let input: { clientId?: string; clientSecret?: string; grantType?: string; refreshToken?: string } = {};
      try {
        input = JSON.parse(body);
      } catch {
        /* refused below */
      }
      const entry: SsoOidcStandIn['requests'][number] = {
        clientId: input.clientId,
        grantType: input.grantType,
        refreshToken: input.refreshToken,
        outcome: 'refused',
      };
      oidc.requests.push(entry);
      if (oidc.mode === 'hang') return;
      if (oidc.mode === 'headersOnly') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.flushHeaders();
        return;
      }
      if (
        input.clientId !== client.clientId ||
        input.clientSecret !== client.clientSecret ||
        input.grantType !== 'refresh_token' ||
        input.refreshToken !== oidc.refreshToken
      ) {
        response.writeHead(400, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'InvalidGrantException' });
        response.end(JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid refresh token provided' }));
        return;
      }
      const accessToken = `sso-access-${oidc.issued.length + 1}-${randomBytes(6).toString('hex')}`;
      oidc.issued.push(accessToken);
      oidc.refreshToken = `sso-refresh-${oidc.issued.length}-${randomBytes(6).toString('hex')}`;
      entry.outcome = 'refreshed';
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ accessToken, tokenType: 'Bearer', expiresIn: 3600, refreshToken: oidc.refreshToken }));
    });
  });
  const listening = await listenOnLoopback(server);
  return Object.assign(oidc, listening);
}
