import { DEV_SECRET, walkthroughSandbox } from '../helpers/walkthrough';
import { useFakeSts } from './helpers/fakeSts';
import { leaks, rememberSecrets, runTool } from './helpers/secretScan';

// Every command, with a cold and a warm cache, with successes and failures: the secret keys and session tokens
// used (the source user's key, every key and token STS issued, a session token in the credentials file) appear
// in no output except the stdout of a successful `credentials`. (Every other reliability test file runs the same
// scan over its own outputs after each test.) STS is the fake one (helpers/fakeSts.ts), not the strict stand-in:
// the failures scanned here are refusals it is told to give (sts.answer), which real STS rules do not produce at will.
const sts = useFakeSts();

const TEMP_SECRET = 'temp-user-secret-key-do-not-print-0002';
const TEMP_TOKEN = 'temp-user-session-token-do-not-print-0002';
const PROCESS_SECRET = 'process-secret-key-do-not-print-0003';
rememberSecrets(DEV_SECRET, TEMP_SECRET, TEMP_TOKEN, PROCESS_SECRET);

const PROCESS_TOKEN = 'process-session-token-do-not-print-0003';
rememberSecrets(PROCESS_TOKEN);

function sandbox() {
  const box = walkthroughSandbox({ motoUrl: sts.url });
  // The credential_process prints secrets that its command line does not contain (`config` shows the command).
  const script = box.write(
    'bin/print-credentials.js',
    `console.log(JSON.stringify({Version:1,AccessKeyId:'ASIAPROCESS000000001',SecretAccessKey:'${PROCESS_SECRET}',SessionToken:'${PROCESS_TOKEN}',Expiration:new Date(Date.now()+3600e3).toISOString()}))\n`,
  );
  box.write(
    '.aws/config',
    `${box.read('.aws/config')}\n[profile from-process]\ncredential_process = node ${script}\n\n[profile chained]\nrole_arn = arn:aws:iam::333344445555:role/inner\nsource_profile = bizcorprole\n`,
  );
  box.write(
    '.aws/credentials',
    `${box.read('.aws/credentials')}\n[tempuser]\naws_access_key_id = ASIATEMPUSER00000002\naws_secret_access_key = ${TEMP_SECRET}\naws_session_token = ${TEMP_TOKEN}\n`,
  );
  return { box, project: box.project('app') };
}

test('every command, cold and warm, succeeding and failing, shows no secret outside credentials', async () => {
  const { box, project } = sandbox();
  const run = (args: string[]) => runTool(args, { env: box.env, cwd: project });

  const first = await run(['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456']);
  expect(first.code).toBe(0);
  // The scan has teeth: the secrets it looks for are really in the outputs it allows.
  expect(sts.issuedSecrets.some((secret) => first.stdout.includes(secret))).toBe(true);
  for (const args of [
    ['credentials', '--profile', 'bizcorprole', '--format', 'env'],
    ['credentials', '--profile', 'bizcorprole', '--format', 'json'],
    ['credentials', '--profile', 'tempuser'],
    ['credentials', '--profile', 'from-process'],
    ['credentials', '--profile', 'chained', '--mfa-code', '123456'],
    ['whoami', '--profile', 'bizcorprole'],
    ['whoami', '--profile', 'bizcorprole', '--json'],
    ['whoami', '--profile', 'tempuser', '--json'],
    ['whoami', '--profile', 'from-process'],
    ['cache'],
    ['cache', '--json'],
    ['profiles'],
    ['profiles', '--json'],
    ['config', '--json'],
    ['config'],
    ['chain', '--profile', 'bizcorprole'],
    ['chain', '--profile', 'chained', '--json'],
    ['chain', '--profile', 'tempuser', '--json'],
    ...['profiles', 'config', 'chain', 'credentials', 'whoami', 'cache', 'reset-cache'].map((name) => [name, '--help']),
  ]) {
    const result = await run(args);
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
  }

  // Failures: STS refusing, STS broken, a bad argument, a malformed credentials file with a secret on the bad line.
  sts.answer(() => ({ kind: 'error', status: 403, code: 'AccessDenied', message: 'not authorized' }));
  for (const args of [
    ['credentials', '--profile', 'bizcorprole', '--no-cache', '--mfa-code', '123456'],
    ['credentials', '--profile', 'bizcorprole', '--no-cache', '--mfa-code', '123456', '--format', 'json'],
    ['whoami', '--profile', 'tempuser', '--json'],
    ['credentials', '--profile', 'bizcorprole', '--format', 'yaml'],
  ]) {
    expect((await run(args)).code).not.toBe(0);
  }
  sts.answer(() => ({ kind: 'ok' }));
  box.write('.aws/credentials', `${box.read('.aws/credentials')}\n[broken]\naws_secret_access_key ${TEMP_SECRET}-on-a-bad-line\n`);
  for (const args of [
    ['credentials', '--profile', 'tempuser'],
    ['profiles', '--json'],
    ['config', '--json'],
  ]) {
    const result = await run(args);
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/line \d+/);
  }
  expect((await run(['reset-cache', '--all', '--json'])).code).toBe(0);
  expect(leaks(sts.issuedSecrets)).toEqual([]);
  box.cleanup();
}, 90_000);

test('exec, exec --server and console, succeeding and failing, show no secret (console --print shows only the sign-in URL)', async () => {
  const http = await import('node:http');
  const federation = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ SigninToken: 'reliability-signin-token' }));
  });
  await new Promise<void>((resolve) => federation.listen(0, '127.0.0.1', () => resolve()));
  federation.unref();
  const federationUrl = `http://127.0.0.1:${(federation.address() as import('node:net').AddressInfo).port}/federation`;
  const { box, project } = sandbox();
  const env = { ...box.env, AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT: federationUrl };
  const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runTool(args, { env: { ...env, ...extraEnv }, cwd: project });
  // The child says what it got without showing it: variable names, and the server's answers' status codes.
  const child = [
    process.execPath,
    '-e',
    `const u = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
     console.log(Object.keys(process.env).filter((k) => k.startsWith('AWS_')).sort().join(' '));
     if (u) Promise.all([fetch(u), fetch(u, { headers: { Authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN } })]).then((r) => console.log(r.map((x) => x.status).join(' ')));`,
  ];
  const first = await run(['exec', '--profile', 'bizcorprole', '--mfa-code', '123456', '--', ...child]);
  expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
  expect(first.stdout).toMatch(/AWS_ACCESS_KEY_ID .*AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN/);
  for (const args of [
    ['exec', '--profile', 'bizcorprole', '--server', '--', ...child],
    ['exec', '--profile', 'tempuser', '--', ...child],
    ['exec', '--profile', 'from-process', '--server', '--', ...child],
    ['console', '--profile', 'bizcorprole', '--print'],
    ['console', '--profile', 'chained', '--print', '--mfa-code', '123456'],
    ['exec', '--help'],
    ['console', '--help'],
  ]) {
    const result = await run(args);
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
  }
  expect((await run(['exec', '--profile', 'bizcorprole', '--server', '--', ...child])).stdout).toMatch(/\n403 200\n$/);
  expect((await run(['console', '--profile', 'bizcorprole', '--print'])).stdout).toMatch(/SigninToken=reliability-signin-token\n$/);
  // Failures: nested, no command, a command that does not exist, long-term keys for the console, STS refusing.
  for (const [args, extraEnv] of [
    [['exec', '--profile', 'bizcorprole', '--', 'true'], { AMPLIFY_AWS_ROLES_EXEC: 'bizcorprole' }],
    [['exec', '--profile', 'bizcorprole'], {}],
    [['exec', '--profile', 'bizcorprole', '--', 'no-such-command-aar'], {}],
    [['exec', '--profile', 'devcorpuser', '--server', '--', 'true'], {}],
    [['console', '--profile', 'devcorpuser', '--print'], {}],
    [['console', '--profile', 'bizcorprole', '--print'], { AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT: 'http://127.0.0.1:1/federation' }],
  ] as Array<[string[], NodeJS.ProcessEnv]>) {
    expect((await run(args, extraEnv)).code).not.toBe(0);
  }
  sts.answer(() => ({ kind: 'error', status: 403, code: 'AccessDenied', message: 'not authorized' }));
  for (const args of [
    ['exec', '--profile', 'bizcorprole', '--no-cache', '--mfa-code', '123456', '--', ...child],
    ['exec', '--profile', 'bizcorprole', '--server', '--no-cache', '--mfa-code', '123456', '--', ...child],
    ['console', '--profile', 'bizcorprole', '--no-cache', '--mfa-code', '123456', '--print'],
  ]) {
    expect((await run(args)).code).not.toBe(0);
  }
  sts.answer(() => ({ kind: 'ok' }));
  expect(leaks(sts.issuedSecrets)).toEqual([]);
  await new Promise((resolve) => federation.close(resolve));
  box.cleanup();
}, 90_000);
