import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { useServerForBlock } from '../../helpers/blockServer';

/**
 * A tiny STS look-alike on 127.0.0.1 that answers in the query protocol's XML (what @aws-sdk/client-sts parses)
 * and can be told to misbehave: throttle, fail with 5xx, hang, drop the connection, answer nonsense, or send the
 * status line and headers and then nothing (`headersOnly`) or one byte a second (`drip`).
 */
export type Answer =
  | { kind: 'ok' }
  | { kind: 'error'; status: number; code: string; message: string }
  | { kind: 'raw'; status: number; body: string; contentType?: string }
  | { kind: 'hang' }
  | { kind: 'headersOnly' }
  | { kind: 'drip'; intervalMs?: number }
  | { kind: 'reset' };

export interface StsRequest {
  action: string;
  params: Record<string, string>;
  /** Access key id that signed the request. */
  accessKeyId?: string;
}

export interface FakeSts {
  url: string;
  requests: StsRequest[];
  /** Every secret key and session token this server handed out. */
  issuedSecrets: string[];
  /** Decides the answer to the n-th request (1-based) since the last `answer` call. */
  answer(plan: (n: number, request: StsRequest) => Answer): void;
  stop(): Promise<void>;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function stsErrorXml(code: string, message: string, type = 'Sender'): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`;
}

function randomText(length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'): string {
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function credentialsXml(server: FakeSts, expiration: Date): string {
  const accessKeyId = `ASIA${randomText(16)}`;
  const secret = `fakests-secret-${randomText(25, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
  const token = `fakests-token-${randomText(120, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;
  server.issuedSecrets.push(secret, token);
  return `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${secret}</SecretAccessKey><SessionToken>${token}</SessionToken><Expiration>${expiration.toISOString()}</Expiration></Credentials>`;
}

function successXml(server: FakeSts, request: StsRequest): string {
  const meta = `<ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata>`;
  const inHour = new Date(Date.now() + 3600_000);
  switch (request.action) {
    case 'AssumeRole': {
      const role = request.params.RoleArn ?? 'arn:aws:iam::123456789012:role/unknown';
      const [, , , , account, resource] = role.split(':');
      const session = request.params.RoleSessionName ?? 'session';
      const arn = `arn:aws:sts::${account}:assumed-role/${resource?.replace(/^role\//, '')}/${session}`;
      return `<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult>${credentialsXml(server, inHour)}<AssumedRoleUser><AssumedRoleId>AROAFAKEROLEID:${session}</AssumedRoleId><Arn>${arn}</Arn></AssumedRoleUser></AssumeRoleResult>${meta}</AssumeRoleResponse>`;
    }
    case 'GetSessionToken':
      return `<GetSessionTokenResponse xmlns="${NS}"><GetSessionTokenResult>${credentialsXml(server, inHour)}</GetSessionTokenResult>${meta}</GetSessionTokenResponse>`;
    case 'GetCallerIdentity':
      return `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/amplify-deployer/session</Arn><UserId>AROAFAKEROLEID:session</UserId><Account>123456789012</Account></GetCallerIdentityResult>${meta}</GetCallerIdentityResponse>`;
    default:
      return '';
  }
}

export async function startFakeSts(): Promise<FakeSts> {
  const sockets = new Set<Socket>();
  let plan: (n: number, request: StsRequest) => Answer = () => ({ kind: 'ok' });
  let count = 0;
  const httpServer = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const match = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''));
      const request: StsRequest = { action: params.Action ?? '', params, accessKeyId: match?.[1] };
      server.requests.push(request);
      const answer = plan(++count, request);
      if (answer.kind === 'hang') return;
      if (answer.kind === 'headersOnly' || answer.kind === 'drip') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.flushHeaders();
        if (answer.kind === 'drip') {
          const body = successXml(server, request) || ' ';
          let sent = 0;
          // Never the last byte: the answer never completes, however long the client waits.
          const timer = setInterval(() => res.write(body[sent++ % (body.length - 1 || 1)]), answer.intervalMs ?? 1000);
          res.on('close', () => clearInterval(timer));
        }
        return;
      }
      if (answer.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (answer.kind === 'error') {
        res.writeHead(answer.status, { 'content-type': 'text/xml' });
        res.end(stsErrorXml(answer.code, answer.message, answer.status >= 500 ? 'Receiver' : 'Sender'));
        return;
      }
      if (answer.kind === 'raw') {
        res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'text/xml' });
        res.end(answer.body);
        return;
      }
      const xml = successXml(server, request);
      if (!xml) {
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(stsErrorXml('InvalidAction', `Unknown action ${request.action}`));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(xml);
    });
  });
  httpServer.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const server: FakeSts = {
    url: `http://127.0.0.1:${port}`,
    requests: [],
    issuedSecrets: [],
    answer(next) {
      plan = next;
      count = 0;
      server.requests.length = 0;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => httpServer.close(resolve));
    },
  };
  return server;
}

/**
 * One fake STS for the enclosing file or describe block: started before its tests, stopped after them, and what it
 * hands out joins the secret scan. `okBeforeEach` answers every request successfully again before each test. The
 * returned object stands for the server once started.
 */
export function useFakeSts(options: { okBeforeEach?: boolean } = {}): FakeSts {
  const { scanOutputsForSecrets } = require('./secretScan') as typeof import('./secretScan');
  const sts = useServerForBlock(
    'the fake STS',
    () => startFakeSts(),
    (server) => server.stop(),
  );
  if (options.okBeforeEach) beforeEach(() => sts.answer(() => ({ kind: 'ok' })));
  let started = false;
  beforeAll(() => void (started = true));
  scanOutputsForSecrets(() => (started ? sts.issuedSecrets : []));
  return sts;
}
