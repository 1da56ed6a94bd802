import * as fs from 'node:fs';
import * as net from 'node:net';
import { walkthroughSandbox, DEV_SECRET } from '../helpers/walkthrough';
import { type Answer, type FakeSts, startFakeSts } from './helpers/fakeSts';
import { oneSentenceProblems, wordingProblems } from './helpers/oneSentence';
import { rememberSecrets, runTool, scanOutputsForSecrets } from './helpers/secretScan';
import { cachedText } from '../helpers/seedCache';

// STS misbehaving, seen through the command line a user runs: a fake STS on 127.0.0.1 answers in the query
// protocol's XML. Every failure ends in one sentence, with nothing cached; transient faults are retried.
let sts: FakeSts;
beforeAll(async () => {
  sts = await startFakeSts();
});
afterAll(() => sts?.stop());
scanOutputsForSecrets(() => sts?.issuedSecrets ?? []);
rememberSecrets(DEV_SECRET);

// 4 attempts x the client's 20 s requestTimeout, plus backoff.
const TIMEOUT_DEADLINE_MS = 60_000;

const throttled: Answer = { kind: 'error', status: 400, code: 'Throttling', message: 'Rate exceeded' };
const ROLE_RESPONSE = (credentials: string) =>
  `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>${credentials}</AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`;
const FAKE_SECRET = 'malformed-response-secret-value-0001';
const FAKE_TOKEN = 'malformed-response-session-token-0001';
rememberSecrets(FAKE_SECRET, FAKE_TOKEN);

async function resolveWith(plan: (n: number) => Answer, options: { url?: string; timeoutMs?: number } = {}) {
  sts.answer(plan);
  const sandbox = walkthroughSandbox({ motoUrl: options.url ?? sts.url });
  const started = Date.now();
  const result = await runTool(['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456'], { env: sandbox.env, cwd: sandbox.project('app'), timeoutMs: options.timeoutMs ?? 30_000 });
  const cached = cachedText(sandbox.home);
  sandbox.cleanup();
  return { ...result, ms: Date.now() - started, requests: sts.requests.length, cached };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('transient faults are retried and then succeed', () => {
  test.each<[string, (n: number) => Answer, number]>([
    ['two throttling answers (HTTP 400 Throttling)', (n) => (n <= 2 ? throttled : { kind: 'ok' }), 3],
    ['one HTTP 500 InternalFailure', (n) => (n === 1 ? { kind: 'error', status: 500, code: 'InternalFailure', message: 'internal' } : { kind: 'ok' }), 2],
    ['one HTTP 503 page', (n) => (n === 1 ? { kind: 'raw', status: 503, body: '<html>Service Unavailable</html>', contentType: 'text/html' } : { kind: 'ok' }), 2],
    ['one dropped connection', (n) => (n === 1 ? { kind: 'reset' } : { kind: 'ok' }), 2],
  ])('%s', async (_name, plan, requests) => {
    const result = await resolveWith(plan);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.requests).toBe(requests);
    const printed = JSON.parse(result.stdout);
    expect(sts.issuedSecrets).toContain(printed.SecretAccessKey);
    expect(result.cached).toContain(printed.AccessKeyId);
  }, 30_000);
});

describe('faults that persist end in one sentence, a non-zero exit code and nothing cached', () => {
  const cases: Array<[string, (n: number) => Answer, { requests: number; message: RegExp }]> = [
    ['throttling on every attempt', () => throttled, { requests: 4, message: /kept throttling/ }],
    ['HTTP 500 InternalFailure on every attempt', () => ({ kind: 'error', status: 500, code: 'InternalFailure', message: 'internal' }), { requests: 4, message: /answered HTTP 500/ }],
    ['HTTP 503 with an HTML page on every attempt', () => ({ kind: 'raw', status: 503, body: '<html><body>Service Unavailable</body></html>', contentType: 'text/html' }), { requests: 4, message: /answered HTTP 503/ }],
    ['the connection dropped on every attempt', () => ({ kind: 'reset' }), { requests: 4, message: /Could not reach the STS endpoint .* \(ECONNRESET|socket hang up/ }],
    ['HTTP 200 with a body that is not XML', () => ({ kind: 'raw', status: 200, body: 'this is not xml {' }), { requests: 1, message: /assume/ }],
    ['HTTP 200 with an empty body', () => ({ kind: 'raw', status: 200, body: '' }), { requests: 1, message: /without complete credentials/ }],
    ['HTTP 200 without Credentials', () => ({ kind: 'raw', status: 200, body: ROLE_RESPONSE('') }), { requests: 1, message: /without complete credentials/ }],
    [
      'HTTP 200 with credentials missing the session token',
      () => ({ kind: 'raw', status: 200, body: ROLE_RESPONSE(`<Credentials><AccessKeyId>ASIAMALFORMED0000001</AccessKeyId><SecretAccessKey>${FAKE_SECRET}</SecretAccessKey><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>`) }),
      { requests: 1, message: /without complete credentials/ },
    ],
    ['HTTP 200 with XML cut off midway', () => ({ kind: 'raw', status: 200, body: ROLE_RESPONSE('<Credentials><AccessKeyId>ASIA').slice(0, 120) }), { requests: 1, message: /assume/ }],
    [
      'HTTP 200 with an expiration that is not a date',
      () => ({ kind: 'raw', status: 200, body: ROLE_RESPONSE(`<Credentials><AccessKeyId>ASIAMALFORMED0000002</AccessKeyId><SecretAccessKey>${FAKE_SECRET}</SecretAccessKey><SessionToken>${FAKE_TOKEN}</SessionToken><Expiration>not-a-date</Expiration></Credentials>`) }),
      { requests: 1, message: /assume/ },
    ],
    ['HTTP 403 AccessDenied', () => ({ kind: 'error', status: 403, code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' }), { requests: 1, message: /STS denied the credentials of profile "devcorpuser"/ }],
    ['HTTP 403 InvalidClientTokenId', () => ({ kind: 'error', status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' }), { requests: 1, message: /rejected the credentials of profile "devcorpuser"/ }],
    ['HTTP 400 with an error code nobody knows', () => ({ kind: 'error', status: 400, code: 'WeirdNewError', message: 'something new' }), { requests: 1, message: /WeirdNewError/ }],
  ];

  test.each(cases)('%s', async (_name, plan, expected) => {
    const result = await resolveWith(plan);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(oneSentenceProblems(result.stderr)).toEqual([]);
    expect(result.stderr.split('\n')[0]).toMatch(expected.message);
    expect(result.requests).toBe(expected.requests);
    expect(result.cached).toBeUndefined();
  }, 30_000);

  test('connection refused (nothing listens on the port)', async () => {
    const port = await closedPort();
    const result = await resolveWith(() => ({ kind: 'ok' }), { url: `http://127.0.0.1:${port}` });
    expect(result.code).not.toBe(0);
    expect(oneSentenceProblems(result.stderr)).toEqual([]);
    expect(result.stderr).toMatch(new RegExp(`^Error: Could not reach the STS endpoint http://127.0.0.1:${port} .*ECONNREFUSED`));
    expect(result.cached).toBeUndefined();
  }, 30_000);

  // src/resolve/stsClient.ts sets throwOnRequestTimeout: without it @smithy/node-http-handler only logs a warning
  // and a silent endpoint hangs the command forever (found by this test).
  test('an endpoint that accepts the request and never answers: the command gives up on its own', async () => {
    const result = await resolveWith(() => ({ kind: 'hang' }), { timeoutMs: TIMEOUT_DEADLINE_MS });
    expect(result.ms).toBeLessThan(TIMEOUT_DEADLINE_MS);
    expect(result.code).not.toBe(0);
    expect(oneSentenceProblems(result.stderr)).toEqual([]);
    expect(result.stderr).toMatch(/^Error: Could not reach the STS endpoint/);
    expect(result.cached).toBeUndefined();
  }, TIMEOUT_DEADLINE_MS + 10_000);
});

// Unreadable responses used to print the SDK's own error ("Error: @aws-sdk XML parse error: ...",
// "TypeError: Invalid RFC3339 timestamp") inside our sentence, ending in "..".
test('an unreadable STS response is described in our words', async () => {
  const results = [
    await resolveWith(() => ({ kind: 'raw', status: 200, body: 'this is not xml {' })),
    await resolveWith(() => ({ kind: 'raw', status: 200, body: ROLE_RESPONSE('<Credentials><AccessKeyId>ASIA').slice(0, 120) })),
  ];
  for (const result of results) expect(wordingProblems(result.stderr)).toEqual([]);
}, 30_000);
