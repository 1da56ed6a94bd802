import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const SIGNIN_TOKEN = 'stand-in-signin-token-0123456789';

export interface FederationStandIn {
  /** What AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT is set to. */
  url: string;
  /** The query of every getSigninToken request, in order. */
  requests: URLSearchParams[];
  /** The HTTP status the next answers carry (200: a token). */
  status: { code: number };
  close(): Promise<void>;
}

/** A stand-in for the AWS federation endpoint on a free loopback port: records each getSigninToken request and answers with a token. */
export function standInFederation(): Promise<FederationStandIn> {
  const requests: URLSearchParams[] = [];
  const status = { code: 200 };
  const server = http.createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://x').searchParams;
    requests.push(query);
    response.writeHead(status.code, { 'Content-Type': 'application/json' });
    response.end(status.code === 200 ? JSON.stringify({ SigninToken: SIGNIN_TOKEN }) : '{"message":"bad session"}');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/federation`,
        requests,
        status,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}
