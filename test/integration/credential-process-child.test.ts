import { BIN, runCli } from '../helpers/cli';
import { useSts } from '../helpers/sts';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { walkthroughSandbox } from '../helpers/walkthrough';

const PASSPHRASE = 'credential process child passphrase 0001';

// A profile's credential_process is a child of ours like the command `exec` runs: it gets no variable of ours that
// unlocks anything (the vault passphrase, an MFA code; src/resolve/unlockingVariables.ts), and the rest of our
// environment as it is. When that child is amplify-aws-roles itself, it asks on the terminal for what it needs.
describe('the credential_process child', () => {
  const sts = useSts({ resetRecording: true });
  const user = () => sts.walkthrough.user;
  let terminal: TerminalSession | undefined;
  afterEach(() => terminal?.kill());

  test('gets neither the vault passphrase nor the MFA code, and every other variable as it was', async () => {
    const sandbox = walkthroughSandbox({ sts });
    try {
      const reporter = sandbox.write(
        'report-env.js',
        [
          "const fs = require('node:fs');",
          'fs.writeFileSync(process.env.REPORT_FILE, JSON.stringify(process.env));',
          "process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIAFROMPROCESS00001', SecretAccessKey: 'process-secret' }));",
        ].join('\n'),
      );
      sandbox.write(
        '.aws/config',
        `${sandbox.read('.aws/config')}\n[profile proc]\ncredential_process = ${process.execPath} ${reporter}\n`,
      );
      const env = {
        ...sandbox.env,
        REPORT_FILE: sandbox.path('report.json'),
        AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: 'child passphrase 0001',
        AMPLIFY_AWS_ROLES_MFA_CODE: '123456',
      };
      const result = await runCli(['credentials', '--profile', 'proc'], { env, cwd: sandbox.home });
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      const seen = JSON.parse(sandbox.read('report.json')) as Record<string, string>;
      expect(Object.keys(seen).filter((name) => name.startsWith('AMPLIFY_AWS_ROLES_'))).toEqual([]);
      expect(seen).toMatchObject({ HOME: sandbox.home, REPORT_FILE: env.REPORT_FILE, AWS_ENDPOINT_URL_STS: sts.url });
    } finally {
      sandbox.cleanup();
    }
  });

  test('our own "amplify-aws-roles credentials" as the credential_process asks on the terminal for the code it is no longer handed', async () => {
    const sandbox = walkthroughSandbox({
      sts,
      extraConfig: `[profile viaproc]\ncredential_process = ${process.execPath} ${BIN} credentials --profile bizcorprole\n`,
    });
    try {
      const env = { ...sandbox.env, AMPLIFY_AWS_ROLES_MFA_CODE: '123456' };
      terminal = startTerminal(`${process.execPath} ${BIN} whoami --profile viaproc`, { env, cwd: sandbox.project('app') });
      await terminal.waitFor(/MFA code for profile "bizcorprole"/);
      const code = await user().device.code();
      terminal.type(code);
      const screen = await terminal.waitFor(/Account:\s+123456789012/);
      expect(await terminal.exitCode()).toBe(0);
      expect(screen).not.toContain(user().secretAccessKey);
      const calls = (await sts.requests()).filter((r) => r.action === 'AssumeRole');
      expect(calls.map((c) => c.params.TokenCode)).toEqual([code]);
    } finally {
      sandbox.cleanup();
    }
  }, 60000);

  test('our own "amplify-aws-roles credentials" as the credential_process asks on the terminal for the vault passphrase it is no longer handed', async () => {
    const sandbox = walkthroughSandbox({
      sts,
      extraConfig: `[profile viaproc]\ncredential_process = ${process.execPath} ${BIN} credentials --profile devcorpuser\n`,
    });
    try {
      const env = { ...sandbox.env, AMPLIFY_AWS_ROLES_VAULT_BACKEND: 'file', AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE };
      const moved = await runCli(['keys', 'add', 'devcorpuser', '--from-credentials-file'], { env, cwd: sandbox.home });
      expect({ code: moved.code, stderr: moved.stderr }).toEqual({ code: 0, stderr: '' });
      terminal = startTerminal(`${process.execPath} ${BIN} whoami --profile viaproc`, { env, cwd: sandbox.project('app') });
      await terminal.waitFor('Vault passphrase (for the keys of profile "devcorpuser")');
      terminal.type(PASSPHRASE);
      const screen = await terminal.waitFor(/Account:\s+\d{12}/);
      expect(await terminal.exitCode()).toBe(0);
      expect(screen).not.toContain(PASSPHRASE);
      expect(screen).not.toContain(user().secretAccessKey);
      expect((await sts.requests()).filter((r) => r.action === 'GetCallerIdentity').map((r) => r.accessKeyId)).toEqual([
        user().accessKeyId,
      ]);
    } finally {
      sandbox.cleanup();
    }
  }, 60000);
});
