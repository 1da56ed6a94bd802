import * as path from 'node:path';
import { BIN, ROOT, runCli } from '../helpers/cli';
import { childOutput } from '../helpers/child';
import { useSts } from '../helpers/sts';
import { walkthroughSandbox } from '../helpers/walkthrough';
import { spawn } from 'node:child_process';

const RESOLVER = path.join(ROOT, 'test', 'fixtures', 'gen2-resolver.js');

// Amplify Gen 2's sandbox resolves credentials with fromNodeProviderChain({ ignoreCache: true }) and no MFA callback.
// The same call, in a child process: it cannot use an MFA role profile itself, and it can through our bridge
// profile, under exec and under exec --server, all with one MFA code.
describe('the provider chain of Amplify Gen 2 (ampx sandbox) with an MFA role profile', () => {
  const sts = useSts();

  test('fails on the raw profile, succeeds through the bridge, exec and exec --server, with one code', async () => {
    const sandbox = walkthroughSandbox({
      sts,
      extraConfig: `[profile bizcorprole-bridge]\ncredential_process = ${process.execPath} ${BIN} credentials --profile bizcorprole\nregion = us-east-1\n`,
    });
    const cwd = sandbox.project('app');
    const resolve = async (env: NodeJS.ProcessEnv) => {
      const child = spawn(process.execPath, [RESOLVER], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const { code, stdout } = await childOutput(child, 30000);
      return { code, ...JSON.parse(stdout) };
    };

    const raw = await resolve({ ...sandbox.env, AWS_PROFILE: 'bizcorprole' });
    expect(raw.code).toBe(1);
    expect(raw.error).toMatch(/requires multi-factor authentication, but no MFA code callback was provided/);

    // The bridge's credential_process asks for the code once (here from the environment, as a script would).
    const bridged = await resolve({
      ...sandbox.env,
      AWS_PROFILE: 'bizcorprole-bridge',
      AMPLIFY_AWS_ROLES_MFA_CODE: await sts.walkthrough.user.device.code(),
    });
    expect(bridged).toMatchObject({ code: 0, arn: expect.stringMatching(/assumed-role\/amplify-deployer\//) });

    // exec and exec --server: no code given, the cached role credentials serve.
    for (const extra of [[], ['--server']]) {
      const run = await runCli(['exec', '--profile', 'bizcorprole', ...extra, '--', process.execPath, RESOLVER], { env: sandbox.env, cwd });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      const line = JSON.parse(run.stdout);
      expect(line.arn).toBe(bridged.arn);
      expect(line.keyId).toBe(bridged.keyId);
    }
    const requests = await sts.requests();
    expect(requests.filter((r) => r.params.TokenCode !== undefined)).toHaveLength(1);
    expect(requests.filter((r) => r.action === 'AssumeRole')).toHaveLength(1);
    sandbox.cleanup();
  }, 90000);
});
