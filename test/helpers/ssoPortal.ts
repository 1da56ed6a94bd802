import * as http from 'node:http';
import { listenOnLoopback } from './loopbackServer';

/**
 * A stand-in for the AWS IAM Identity Center portal API (the SSO service's GetRoleCredentials, what the SDK's fromSSO
 * calls with the token from ~/.aws/sso/cache), on a free loopback port: AWS_ENDPOINT_URL_SSO points the SDK at it.
 */
export interface SsoPortalStandIn {
  url: string;
  /** Every GetRoleCredentials request: account, role and the bearer token it carried. */
  requests: Array<{ accountId: string | null; roleName: string | null; token: string | undefined }>;
  /** 'ok' answers with `credentials`; 'hang' accepts and never answers; 'headersOnly' sends the headers, never the body. */
  mode: 'ok' | 'hang' | 'headersOnly';
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number };
  close(): Promise<void>;
}

/** The start URL of the [sso-session corp] below. */
export const SSO_SESSION_START_URL = 'https://corp.awsapps.com/start';

/** An [sso-session] section and the profile that uses it (role Deployer in 123456789012), as `aws configure sso` writes them. */
export function ssoSessionProfiles(sessionExtra = ''): string {
  return [
    '[sso-session corp]',
    `sso_start_url = ${SSO_SESSION_START_URL}`,
    'sso_region = us-east-1',
    `${sessionExtra}`,
    '[profile ssosession]',
    'sso_session = corp',
    'sso_account_id = 123456789012',
    'sso_role_name = Deployer',
    'region = us-east-1',
    '',
  ].join('\n');
}

export async function startSsoPortal(): Promise<SsoPortalStandIn> {
  const portal: Omit<SsoPortalStandIn, 'url' | 'close'> = {
    requests: [],
    mode: 'ok',
    credentials: {
      accessKeyId: 'ASIASSOSTANDIN000001',
      secretAccessKey: 'sso-stand-in-secret-never-printed',
      sessionToken: 'sso-stand-in-session-token',
      expiration: Date.now() + 3600_000,
    },
  };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname !== '/federation/credentials') {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end('{"message":"not found"}');
      return;
    }
    portal.requests.push({
      accountId: url.searchParams.get('account_id'),
      roleName: url.searchParams.get('role_name'),
      token: request.headers['x-amz-sso_bearer_token'] as string | undefined,
    });
    if (portal.mode === 'hang') return;
    response.writeHead(200, { 'Content-Type': 'application/json' });
    if (portal.mode === 'headersOnly') {
      response.flushHeaders();
      return;
    }
    response.end(JSON.stringify({ roleCredentials: portal.credentials }));
  });
  const listening = await listenOnLoopback(server);
  return Object.assign(portal, listening);
}
