import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN } from '../helpers/cli';
import { useSts } from '../helpers/sts';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { MFA_SERIAL, walkthroughSandbox } from '../helpers/walkthrough';

// The MFA prompt as a person meets it, in a real pseudo-terminal (tmux).
describe('MFA prompt in a terminal', () => {
  const sts = useSts({ resetRecording: true });
  let terminal: TerminalSession | undefined;
  afterEach(() => terminal?.kill());

  test('whoami asks with enquirer, refuses a malformed code without calling STS, then succeeds', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const project = sandbox.project('app');
    terminal = startTerminal(`${process.execPath} ${BIN} whoami --profile bizcorprole`, { env: sandbox.env, cwd: project });
    await terminal.waitFor(/MFA code for profile "bizcorprole" to assume arn:aws:iam::123456789012:role\/amplify-deployer \(device/);
    expect(terminal.screen()).toContain(MFA_SERIAL);
    terminal.type('12345');
    await terminal.waitFor('The MFA code is 6 digits');
    expect((await sts.requests()).filter((r) => r.action === 'AssumeRole')).toHaveLength(0);
    terminal.type('\b\b\b\b\b', false);
    const typed = await sts.walkthrough.user.device.code();
    terminal.type(typed);
    const screen = await terminal.waitFor(/Source:\s+new credentials from STS/);
    expect(screen).toContain('Account:  123456789012');
    expect(await terminal.exitCode()).toBe(0);
    const calls = (await sts.requests()).filter((r) => r.action === 'AssumeRole');
    expect(calls).toHaveLength(1);
    expect(calls[0].params.TokenCode).toBe(typed);
    expect(screen).not.toContain(sts.walkthrough.user.secretAccessKey);
    sandbox.cleanup();
  });

  // Issue 23, item 4: the rejected code is cleared before the re-ask, so the next one is typed alone.
  test('a malformed code is gone from the field when it is asked again', async () => {
    const sandbox = walkthroughSandbox({ sts });
    try {
      const project = sandbox.project('app');
      terminal = startTerminal(`${process.execPath} ${BIN} whoami --profile bizcorprole`, { env: sandbox.env, cwd: project });
      await terminal.waitFor(/MFA code for profile "bizcorprole"/);
      terminal.type('12345');
      const screen = await terminal.waitFor('The MFA code is 6 digits');
      const promptLine = screen.split('\n').find((line) => line.includes('MFA code for profile "bizcorprole"'))!;
      // Nothing after the prompt's marker (› while asking, ‣ beside an error): the rejected 12345 is gone.
      expect(promptLine.trimEnd()).toMatch(/\(device arn:aws:iam::210987654321:mfa\/dev-user\) [›‣]$/);
      // No backspaces: the field holds nothing of the rejected code.
      const typed = await sts.walkthrough.user.device.code();
      terminal.type(typed);
      await terminal.waitFor(/Source:\s+new credentials from STS/);
      expect(await terminal.exitCode()).toBe(0);
      expect((await sts.requests()).filter((r) => r.action === 'AssumeRole').map((r) => r.params.TokenCode)).toEqual([typed]);
    } finally {
      sandbox.cleanup();
    }
  }, 60000);

  test('as a credential_process (pipes on stdin and stdout) it asks on /dev/tty, and stdout stays pure JSON', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const project = sandbox.project('app');
    const out = path.join(sandbox.home, 'out.json');
    terminal = startTerminal(`${process.execPath} ${BIN} credentials --profile bizcorprole < /dev/null | cat > ${out}`, {
      env: sandbox.env,
      cwd: project,
    });
    await terminal.waitFor(/\? MFA code for profile "bizcorprole".*\(6 digits, then Enter\):/);
    terminal.type('abc');
    await terminal.waitFor('The MFA code is 6 digits');
    expect((await sts.requests()).filter((r) => r.action === 'AssumeRole')).toHaveLength(0);
    const typed = await sts.walkthrough.user.device.code();
    terminal.type(typed);
    expect(await terminal.exitCode()).toBe(0);
    const printed = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(printed).toMatchObject({
      Version: 1,
      AccessKeyId: expect.stringMatching(/^ASIA/),
      SessionToken: expect.any(String),
      Expiration: expect.any(String),
    });
    const calls = (await sts.requests()).filter((r) => r.action === 'AssumeRole');
    expect(calls.map((c) => c.params.TokenCode)).toEqual([typed]);
    sandbox.cleanup();
  });
});

describe('a failing credential_process in a terminal', () => {
  let terminal: TerminalSession | undefined;
  afterEach(() => terminal?.kill());

  test('the error also reaches the terminal when stderr is captured by the caller', async () => {
    const sandbox = walkthroughSandbox({ motoUrl: 'http://127.0.0.1:9' });
    const project = sandbox.project('app');
    terminal = startTerminal(
      `${process.execPath} ${BIN} credentials --profile bizcorprole --mfa-code 123456 < /dev/null 2> ${sandbox.home}/captured.txt | cat > /dev/null`,
      { env: sandbox.env, cwd: project },
    );
    const screen = await terminal.waitFor('amplify-aws-roles: Error: Could not reach the STS endpoint http://127.0.0.1:9');
    expect(await terminal.exitCode()).toBe(0); // the pipeline's status is cat's; the caller sees our non-zero exit
    expect(fs.readFileSync(path.join(sandbox.home, 'captured.txt'), 'utf8')).toMatch(/^Error: Could not reach the STS endpoint/);
    expect(screen).not.toContain('SecretAccessKey');
    sandbox.cleanup();
  });
});
