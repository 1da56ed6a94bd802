import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorCode } from '../errorCodes';
import { isToolError } from '../errors';
import type { TemporaryCredentials } from '../credentials';

export interface CredentialServer {
  /** http://127.0.0.1:PORT/, for AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  url: string;
  /** The value the client must send as its Authorization header (AWS_CONTAINER_AUTHORIZATION_TOKEN). */
  token: string;
  close(): Promise<void>;
}

export interface CredentialServerOptions {
  /** Fresh credentials for each request (from the cache, or renewed without prompting). */
  provide(): Promise<TemporaryCredentials>;
  /** A request that could not be answered: the error, said once on the terminal. */
  onError(error: unknown): void;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

/**
 * The container credentials endpoint every AWS SDK and CLI reads (the ECS format: AccessKeyId, SecretAccessKey,
 * Token, Expiration, and AccountId when known), on the loopback interface at a port the system picks, for one child
 * process. A request must carry the random token the child was given; anything else gets 403 and no credentials.
 */
export async function startCredentialServer(options: CredentialServerOptions): Promise<CredentialServer> {
  const token = randomBytes(32).toString('base64url');
  const server = http.createServer((request, response) => {
    if (!sameToken(request.headers.authorization, token)) {
      send(response, 403, {
        code: 'Forbidden' satisfies ErrorCode,
        message: 'This credential endpoint answers only the process amplify-aws-roles started, with its token.',
      });
      return;
    }
    if (request.method !== 'GET') {
      send(response, 405, { code: 'MethodNotAllowed' satisfies ErrorCode, message: 'Only GET is answered.' });
      return;
    }
    options.provide().then(
      (c) => {
        send(response, 200, {
          AccessKeyId: c.accessKeyId,
          SecretAccessKey: c.secretAccessKey,
          ...(c.sessionToken ? { Token: c.sessionToken } : {}),
          ...(c.expiration ? { Expiration: c.expiration.toISOString() } : {}),
          ...(c.accountId ? { AccountId: c.accountId } : {}),
        });
      },
      (error) => {
        options.onError(error);
        const message = isToolError(error) ? error.message : 'amplify-aws-roles could not get credentials (the reason is on its terminal).';
        send(response, 500, { code: isToolError(error) ? error.code : 'CredentialsUnavailable', message });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // The child ending must not wait for a client's idle keep-alive connection.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
