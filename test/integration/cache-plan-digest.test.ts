import * as fs from 'node:fs';
import { runCli } from '../helpers/cli';
import { makeSandbox } from '../helpers/sandbox';
import { seedCache } from '../helpers/seedCache';

// A cache entry is tied to the whole plan that produced it, not to the role ARN alone: editing how a profile gets
// its credentials (here its credential_process command) must reach the new source at once.
describe('cache entries follow the profile they were obtained with', () => {
  const printer = (key: string) => {
    const json = {
      Version: 1,
      AccessKeyId: key,
      SecretAccessKey: `secret-${key}`,
      SessionToken: `token-${key}`,
      Expiration: new Date(Date.now() + 3600e3).toISOString(),
    };
    return `${process.execPath} -e "process.stdout.write(JSON.stringify(${JSON.stringify(json).replace(/"/g, '\\"')}))"`;
  };
  const config = (key: string) => `[profile proc]\nregion = eu-west-1\ncredential_process = ${printer(key)}\n`;
  const keyOf = async (env: NodeJS.ProcessEnv) => {
    const result = await runCli(['credentials', '--profile', 'proc'], { env });
    expect([result.code, result.stderr]).toEqual([0, '']);
    return JSON.parse(result.stdout).AccessKeyId as string;
  };

  test('editing the credential_process line: the next credentials call runs the new command', async () => {
    const sandbox = makeSandbox({ '.aws/config': config('ASIAFIRSTCOMMAND0001') });
    expect(await keyOf(sandbox.env)).toBe('ASIAFIRSTCOMMAND0001');
    // Cached: the same command is not run again.
    expect(await keyOf(sandbox.env)).toBe('ASIAFIRSTCOMMAND0001');
    fs.writeFileSync(sandbox.path('.aws/config'), config('ASIASECONDCOMMAND001'));
    expect(await keyOf(sandbox.env)).toBe('ASIASECONDCOMMAND001');
    // Editing the region alone also changes the plan's digest.
    fs.writeFileSync(sandbox.path('.aws/config'), config('ASIATHIRDCOMMAND0001').replace('eu-west-1', 'us-east-2'));
    expect(await keyOf(sandbox.env)).toBe('ASIATHIRDCOMMAND0001');
    sandbox.cleanup();
  });

  test('an entry seeded for the current plan is a hit; one for another plan, or without a plan for a non-role profile, is a miss', async () => {
    const sandbox = makeSandbox({ '.aws/config': config('ASIAFROMTHECOMMAND01') });
    seedCache({ env: sandbox.env, profile: 'proc', accessKeyId: 'ASIASEEDEDFORPLAN001' });
    expect(await keyOf(sandbox.env)).toBe('ASIASEEDEDFORPLAN001');
    seedCache({ env: sandbox.env, profile: 'proc', accessKeyId: 'ASIASEEDEDOTHERPLAN1', planDigest: 'fnv1a64:0000000000000000' });
    expect(await keyOf(sandbox.env)).toBe('ASIAFROMTHECOMMAND01');
    seedCache({ env: sandbox.env, profile: 'proc', accessKeyId: 'ASIASEEDEDNOPLAN0001', planDigest: null });
    expect(await keyOf(sandbox.env)).toBe('ASIAFROMTHECOMMAND01');
    sandbox.cleanup();
  });
});
