import * as fs from 'node:fs';
import { runCli } from '../helpers/cli';
import { cachedText, seedCache } from '../helpers/seedCache';
import { useSts } from '../helpers/sts';
import { BIZ_ACCOUNT, ROLE_ARN, walkthroughSandbox } from '../helpers/walkthrough';

// Account ids wherever credentials are handed out (credential_process JSON, --format json and env, an exec child's
// AWS_ACCOUNT_ID, the credential server's answers): from the assumed role's ARN, else the profile's aws_account_id,
// else left out; a warm call reads it from the cache entry and asks STS nothing.
describe('account ids with the credentials', () => {
  const sts = useSts({ resetRecording: true, newDeviceEachTest: true });
  const code = () => sts.walkthrough.user.device.code();

  test('credentials: AccountId of the assumed role, stored with the entry and served warm without an STS call', async () => {
    const s = walkthroughSandbox({ sts });
    const cwd = s.project('app');
    const cold = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', await code()], { env: s.env, cwd });
    const warm = await runCli(['credentials', '--profile', 'bizcorprole', '--format', 'json'], { env: s.env, cwd });
    const env = await runCli(['credentials', '--profile', 'bizcorprole', '--format', 'env'], { env: s.env, cwd });
    const stored = cachedText(s.home)!;
    s.cleanup();
    expect([cold.code, warm.code, env.code]).toEqual([0, 0, 0]);
    expect(JSON.parse(cold.stdout)).toMatchObject({ Version: 1, AccountId: BIZ_ACCOUNT });
    expect(JSON.parse(warm.stdout)).toMatchObject({ roleArn: ROLE_ARN, accountId: BIZ_ACCOUNT, fromCache: true });
    expect(env.stdout).toContain(`export AWS_ACCOUNT_ID=${BIZ_ACCOUNT}\n`);
    expect(stored).toContain(`"accountId": "${BIZ_ACCOUNT}"`);
    expect((await sts.requests()).map((r) => r.action)).toEqual(['AssumeRole']);
  });

  test('an entry of an earlier version (no accountId stored): the account comes from its role ARN', async () => {
    const s = walkthroughSandbox({ sts });
    const cwd = s.project('app');
    seedCache({ env: s.env, project: cwd, profile: 'bizcorprole' });
    const result = await runCli(['credentials', '--profile', 'bizcorprole'], { env: s.env, cwd });
    s.cleanup();
    expect(JSON.parse(result.stdout)).toMatchObject({ AccessKeyId: 'ASIASEEDEDCACHE00001', AccountId: BIZ_ACCOUNT });
    expect(await sts.requests()).toEqual([]);
  });

  test("no role: the profile's aws_account_id; without one, no AccountId (and env unsets a stale AWS_ACCOUNT_ID)", async () => {
    const s = walkthroughSandbox({ sts });
    s.write(
      '.aws/credentials',
      `${s.read('.aws/credentials')}\n[withaccount]\naws_access_key_id = AKIAWITHACCOUNT00001\naws_secret_access_key = with-account-secret\naws_account_id = 210987654321\n`,
    );
    const withAccount = await runCli(['credentials', '--profile', 'withaccount'], { env: s.env });
    const without = await runCli(['credentials', '--profile', 'devcorpuser'], { env: s.env });
    const env = await runCli(['credentials', '--profile', 'devcorpuser', '--format', 'env'], { env: s.env });
    s.write(
      '.aws/credentials',
      `${s.read('.aws/credentials')}\n[badaccount]\naws_access_key_id = AKIABADACCOUNT000001\naws_secret_access_key = bad-account-secret\naws_account_id = 2109-8765\n`,
    );
    const bad = await runCli(['credentials', '--profile', 'badaccount'], { env: s.env });
    s.cleanup();
    expect(JSON.parse(withAccount.stdout)).toMatchObject({ AccessKeyId: 'AKIAWITHACCOUNT00001', AccountId: '210987654321' });
    expect(JSON.parse(without.stdout).AccountId).toBeUndefined();
    expect(env.stdout).toContain('unset AWS_ACCOUNT_ID\n');
    expect({ code: bad.code, stdout: bad.stdout }).toEqual({ code: 1, stdout: '' });
    expect(bad.stderr).toBe(
      'Error: Profile "badaccount" has aws_account_id = 2109-8765; it must be the 12 digits of an AWS account id.\nCorrect aws_account_id in profile "badaccount", or remove it.\n',
    );
    expect(await sts.requests()).toEqual([]);
  });

  test('exec: the child gets AWS_ACCOUNT_ID; exec --server puts AccountId in every answer and AWS_ACCOUNT_ID beside it', async () => {
    const s = walkthroughSandbox({ sts });
    const cwd = s.project('app');
    const out = s.path('child.json');
    const record = `const fs = require('fs'); (async () => {
      const url = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
      const answer = url ? await (await fetch(url, { headers: { Authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN } })).json() : {};
      fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify({ env: process.env.AWS_ACCOUNT_ID, answered: answer.AccountId ?? null }));
    })();`;
    const plain = await runCli(['exec', '--profile', 'bizcorprole', '--mfa-code', await code(), '--', process.execPath, '-e', record], {
      env: { ...s.env, AWS_ACCOUNT_ID: '999999999999' },
      cwd,
    });
    const fromVariables = JSON.parse(fs.readFileSync(out, 'utf8'));
    const server = await runCli(['exec', '--server', '--profile', 'bizcorprole', '--', process.execPath, '-e', record], {
      env: s.env,
      cwd,
    });
    const fromServer = JSON.parse(fs.readFileSync(out, 'utf8'));
    s.cleanup();
    expect([plain.code, plain.stderr, server.code, server.stderr]).toEqual([0, '', 0, '']);
    expect(fromVariables).toEqual({ env: BIZ_ACCOUNT, answered: null });
    expect(fromServer).toEqual({ env: BIZ_ACCOUNT, answered: BIZ_ACCOUNT });
    // The second exec was served from the cache the first one filled: one AssumeRole in all.
    expect((await sts.requests()).filter((r) => r.action === 'AssumeRole')).toHaveLength(1);
  });
});
