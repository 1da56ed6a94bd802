import * as fs from 'node:fs';
import { runCli } from '../../helpers/cli';
import { makeSandbox } from '../../helpers/sandbox';
import { setupRoleArgs } from '../../helpers/walkthrough';

// setup-role's summary names the actions Dev Corp's policy allows as the written policy has them: with
// --require-source-identity that is sts:AssumeRole and sts:SetSourceIdentity, in the "Files in" list as on the
// "Dev Corp:" line.
describe('setup-role --out: the summary says what the Dev Corp policy file allows', () => {
  const args = [...setupRoleArgs(), '--dev-user', 'dev-user'];

  test.each([
    ['with --require-source-identity', ['--require-source-identity']],
    ['without it', []],
  ])('%s', async (_label, extra) => {
    const sandbox = makeSandbox();
    try {
      const out = sandbox.path('role-setup');
      const result = await runCli([...args, ...extra, '--out', out], { env: sandbox.env, cwd: sandbox.home });
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      const written = JSON.parse(fs.readFileSync(`${out}/dev-assume-role-policy.json`, 'utf8')) as {
        Statement: Array<{ Action: string | string[] }>;
      };
      const actions = [written.Statement[0].Action].flat();
      expect(actions).toEqual(extra.length > 0 ? ['sts:AssumeRole', 'sts:SetSourceIdentity'] : ['sts:AssumeRole']);
      const allowed = actions.join(' and ');
      const lines = result.stdout.split('\n');
      expect(lines.find((line) => line.trimStart().startsWith('dev-assume-role-policy.json'))).toMatch(
        new RegExp(`Dev Corp: policy "amplify-deployer-assume" for the user, allowing ${allowed} on the role$`),
      );
      expect(lines.find((line) => line.trimStart().startsWith('Dev Corp:'))).toBe(
        `  Dev Corp:     policy amplify-deployer-assume allows ${allowed} on the role, for user dev-user`,
      );
    } finally {
      sandbox.cleanup();
    }
  });
});
