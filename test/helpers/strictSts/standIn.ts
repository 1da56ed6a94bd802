import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { IAMClient } from '@aws-sdk/client-iam';
import { startMoto, type MotoServer, type RecordedRequest } from '../../../scripts/lib/moto';
import { forwardToMoto, type ForwardedAnswer } from './forward';
import { iamClient } from './motoIam';
import type { SessionOrigin } from './principals';
import type { StrictRule } from './rules';
import { parseAuthorization } from './sigv4';
import { StrictStsActions, type StsCall, type StsClock } from './strictStsActions';
import { errorXml, refusal, xmlText, type IssuedCredentials } from './stsXml';

/** A request as the stand-in saw it, with what it answered (refused: STS's error code and message). */
export interface RecordedCall extends RecordedRequest {
  method: string;
  url: string;
  status: number;
  refused?: { code: string; message: string };
}

/** A session the stand-in handed out (or passed on from moto and stamped), for assertions. */
export interface IssuedSession {
  accessKeyId: string;
  origin?: SessionOrigin;
  principalArn: string;
  durationSeconds: number;
  expiration: Date;
  mfa: boolean;
}

export interface StrictSts {
  url: string;
  port: number;
  /** The moto server behind the stand-in (every non-STS call, and STS calls that pass, go to it). */
  moto: MotoServer;
  /** Every request that reached the stand-in since start (or the last resetRecording), oldest first, refusals included. */
  requests(): Promise<RecordedCall[]>;
  resetRecording(): Promise<void>;
  /** moto's own state (`/moto-api/data.json`). */
  data(): Promise<Record<string, Record<string, unknown>>>;
  /** STS's clock: expirations, session expiry, MFA age and one-time codes follow it. Tests may move it forward. */
  clock: StsClock;
  /** Called with each STS call before the stand-in decides on it (a test can move the clock in between). */
  beforeDeciding?: (call: { action: string; params: Record<string, string> }) => void;
  sessions(): IssuedSession[];
  /** The secret key and session token of every session handed out, for the reliability suites' secret scan. */
  issuedSecrets(): string[];
  /** Stops enforcing one rule until the returned function is called: a test shows that this rule is what says no. */
  switchOff(rule: StrictRule): () => void;
  /** Steps (30 s each) around STS's now whose code the device could still have accepted. */
  unspentSteps(serial: string): number[];
  /** An IAM client for `account` in moto's IAM, through the stand-in (so that it learns each virtual device's seed). */
  iam(account: string): IAMClient;
  /** Role credentials as IAM Identity Center's portal hands them out: a session of `roleArn`, temporary, no MFA. */
  ssoRoleCredentials(roleArn: string): Promise<IssuedCredentials>;
  stop(): Promise<void>;
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function describeCall(request: http.IncomingMessage, body: Buffer): StsCall {
  const url = request.url ?? '/';
  const form = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const params = {
    ...Object.fromEntries(new URL(url, 'http://stand-in').searchParams),
    ...(form ? Object.fromEntries(new URLSearchParams(body.toString('utf8'))) : {}),
  };
  return {
    method: request.method ?? 'GET',
    url,
    headers: request.headers,
    body,
    action: params.Action ?? '',
    params,
    auth: parseAuthorization(request.headers.authorization),
  };
}

/** STS calls: signed for the sts service, or unsigned in STS's query protocol version (2011-06-15). */
function isStsCall(call: StsCall): boolean {
  if (call.auth) return call.auth.service === 'sts';
  return call.params.Version === '2011-06-15';
}

/**
 * Starts moto and the strict STS stand-in in front of it, on free loopback ports. Point AWS_ENDPOINT_URL (or
 * AWS_ENDPOINT_URL_STS) at `url`: STS calls are checked here, everything else goes on to moto untouched.
 */
export async function startStrictSts(options: { rulesOff?: StrictRule[] } = {}): Promise<StrictSts> {
  const moto = await startMoto();
  const actions = new StrictStsActions(moto.url, new Set(options.rulesOff ?? []));
  let recording: RecordedCall[] = [];
  const sockets = new Set<Socket>();
  const iamThroughStandIn = new Map<string, IAMClient>();

  async function answer(call: StsCall): Promise<ForwardedAnswer & { refused?: { code: string; message: string } }> {
    if (!isStsCall(call)) {
      // A session made here is unknown to moto: its calls belong to the account of the user or role behind it.
      const session = call.auth ? actions.sessions.get(call.auth.accessKeyId) : undefined;
      const forwarded = await forwardToMoto(
        moto.url,
        call,
        session ? { actAs: session.principal.motoKeyId, account: session.principal.account } : {},
      );
      if (call.auth?.service === 'iam' && !/^(Get|List)/.test(call.action)) actions.iamChanged();
      if (call.action === 'CreateVirtualMFADevice' && forwarded.status === 200) {
        const xml = forwarded.body.toString('utf8');
        const serial = xmlText(xml, 'SerialNumber');
        const seed = xmlText(xml, 'Base32StringSeed');
        if (serial && seed) actions.codes.remember(serial, Buffer.from(seed, 'base64').toString('utf8'));
      }
      return forwarded;
    }
    server.beforeDeciding?.({ action: call.action, params: call.params });
    const decision = await actions.decide(call);
    if ('answer' in decision) {
      return {
        status: decision.answer.status,
        headers: { 'content-type': 'text/xml' },
        body: Buffer.from(decision.answer.body),
        ...(decision.refused ? { refused: { code: decision.refused.code, message: decision.refused.message } } : {}),
      };
    }
    const forwarded = await forwardToMoto(moto.url, call, decision.forward);
    if (!decision.after) return forwarded;
    const body = Buffer.from(decision.after(forwarded.status, forwarded.body.toString('utf8')));
    return { ...forwarded, body };
  }

  const httpServer = http.createServer((request, response) => {
    readBody(request)
      .then(async (body) => {
        const call = describeCall(request, body);
        let result: Awaited<ReturnType<typeof answer>>;
        try {
          result = await answer(call);
        } catch (error) {
          const message = `The strict STS stand-in failed: ${(error as Error).message}`;
          result = {
            status: 500,
            headers: { 'content-type': 'text/xml' },
            body: Buffer.from(errorXml(refusal(500, 'InternalFailure', message))),
            refused: { code: 'InternalFailure', message },
          };
        }
        const form = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
        recording.push({
          action: call.action,
          params: call.params,
          accessKeyId: call.auth?.accessKeyId,
          body: form ? body.toString('utf8') : '',
          method: call.method,
          url: call.url,
          status: result.status,
          ...(result.refused ? { refused: result.refused } : {}),
        });
        response.writeHead(result.status, { ...result.headers, 'content-length': result.body.length });
        response.end(result.body);
      })
      .catch((error) => {
        response.writeHead(500);
        response.end(String(error));
      });
  });
  httpServer.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const server: StrictSts = {
    url,
    port,
    moto,
    clock: actions.clock,
    requests: async () => [...recording],
    async resetRecording() {
      recording = [];
    },
    data: () => moto.data(),
    sessions: () =>
      [...actions.sessions.values()].map((s) => ({
        accessKeyId: s.credentials.accessKeyId,
        origin: s.principal.origin,
        principalArn: s.principal.arn,
        durationSeconds: s.durationSeconds,
        expiration: s.credentials.expiration,
        mfa: s.principal.mfaAuthTime !== undefined,
      })),
    issuedSecrets: () => [...actions.sessions.values()].flatMap((s) => [s.credentials.secretAccessKey, s.credentials.sessionToken]),
    unspentSteps: (serial) => actions.codes.unspentSteps(serial, actions.clock.now()),
    switchOff: (rule) => actions.switchOff(rule),
    iam(account) {
      let client = iamThroughStandIn.get(account);
      if (!client) iamThroughStandIn.set(account, (client = iamClient(url, account)));
      return client;
    },
    async ssoRoleCredentials(roleArn) {
      const body = Buffer.from(
        new URLSearchParams({
          Action: 'AssumeRole',
          Version: '2011-06-15',
          RoleArn: roleArn,
          RoleSessionName: 'sso-user',
          DurationSeconds: '3600',
        }).toString(),
      );
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIASSOPORTAL0000000/20200101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      };
      const forwarded = await forwardToMoto(moto.url, { method: 'POST', url: '/', headers, body });
      const xml = actions.remember(forwarded.status, forwarded.body.toString('utf8'), { origin: 'SSO', roleArn, durationSeconds: 3600 });
      const accessKeyId = xmlText(xml, 'AccessKeyId');
      if (forwarded.status !== 200 || !accessKeyId)
        throw new Error(`moto did not hand out role credentials for ${roleArn}: ${xml.slice(0, 300)}`);
      return actions.sessions.get(accessKeyId)!.credentials;
    },
    async stop() {
      for (const client of iamThroughStandIn.values()) client.destroy();
      actions.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => httpServer.close(resolve));
      await moto.stop();
    },
  };
  return server;
}
