import { DEV_SECRET, walkthroughSandbox } from '../helpers/walkthrough';
import { type FakeSts, startFakeSts } from './helpers/fakeSts';
import { leaks, rememberSecrets, runTool, scanOutputsForSecrets } from './helpers/secretScan';

// Every command, with a cold and a warm cache, with successes and failures: the secret keys and session tokens
// used (the source user's key, every key and token STS issued, a session token in the credentials file) appear
// in no output except the stdout of a successful `credentials`. (Every other reliability test file runs the same
// scan over its own outputs after each test.)
let sts: FakeSts;
beforeAll(async () => {
  sts = await startFakeSts();
});
afterAll(() => sts?.stop());
scanOutputsForSecrets(() => sts?.issuedSecrets ?? []);

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
  box.write('.aws/credentials', `${box.read('.aws/credentials')}\n[tempuser]\naws_access_key_id = ASIATEMPUSER00000002\naws_secret_access_key = ${TEMP_SECRET}\naws_session_token = ${TEMP_TOKEN}\n`);
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
  for (const args of [['credentials', '--profile', 'tempuser'], ['profiles', '--json'], ['config', '--json']]) {
    const result = await run(args);
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/line \d+/);
  }
  expect((await run(['reset-cache', '--all', '--json'])).code).toBe(0);
  expect(leaks(sts.issuedSecrets)).toEqual([]);
  box.cleanup();
}, 90_000);
