import * as fs from 'node:fs';
import { BIN } from '../helpers/cli';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { DEV_SECRET, walkthroughSandbox } from '../helpers/walkthrough';
import { capture, rememberSecrets, runTool } from './helpers/secretScan';

// Issue 25, item 8: the vault passphrase asked on /dev/tty while the parent (the Amplify CLI running us as its
// credential_process) holds the terminal in raw mode. Before, ^C did nothing until Enter and then the command said
// there was no terminal; now it cancels as the MFA prompt does: one sentence, exit 130 (as Ctrl-C ends a command), the
// parent's mode restored.
// A real pseudo-terminal (tmux); the parent is a shell that runs `stty raw -echo` and records the mode around us.
const PASSPHRASE = 'hardening prompt passphrase 0025';
rememberSecrets(DEV_SECRET, PASSPHRASE);
const PROMPT = /\? Vault passphrase \(for the keys of profile "devcorpuser"\):/;

describe('issue 25 item 8: the passphrase prompt under a raw-mode parent', () => {
  let terminal: TerminalSession | undefined;
  afterEach(() => terminal?.kill());

  async function start() {
    const sandbox = walkthroughSandbox({ motoUrl: 'http://127.0.0.1:9' });
    const project = sandbox.project('app');
    sandbox.env.AMPLIFY_AWS_ROLES_VAULT_BACKEND = 'file';
    const moved = await runTool(['keys', 'add', 'devcorpuser', '--from-credentials-file'], {
      env: { ...sandbox.env, AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE },
      cwd: project,
    });
    expect({ code: moved.code, stderr: moved.stderr }).toEqual({ code: 0, stderr: '' });
    const file = (name: string) => sandbox.path(name);
    const ours = `${process.execPath} ${BIN} credentials --profile devcorpuser < /dev/null > ${file('out.txt')} 2> ${file('err.txt')}`;
    const script = [
      'stty raw -echo',
      `stty -g > ${file('before.txt')}`,
      ours,
      `echo $? > ${file('status.txt')}`,
      `stty -g > ${file('after.txt')}`,
      'stty sane',
    ].join('\n');
    fs.writeFileSync(file('parent.sh'), `${script}\n`);
    terminal = startTerminal(`bash ${file('parent.sh')}`, { env: sandbox.env, cwd: project });
    const finished = async () => {
      const deadline = Date.now() + 20_000;
      while (!fs.existsSync(file('after.txt')) || fs.readFileSync(file('after.txt'), 'utf8') === '') {
        if (Date.now() > deadline) throw new Error(`the command did not end; screen:\n${terminal!.screen()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const read = (name: string) => fs.readFileSync(file(name), 'utf8');
      const result = {
        status: Number(read('status.txt').trim()),
        before: read('before.txt').trim(),
        after: read('after.txt').trim(),
        stdout: read('out.txt'),
        stderr: read('err.txt'),
      };
      capture('credentials under a raw parent', 'stderr', result.stderr);
      capture('the terminal', 'stdout', terminal!.screen());
      return result;
    };
    return { sandbox, finished };
  }

  test.each([
    ['Ctrl-C', 'C-c'],
    ['Ctrl-D', 'C-d'],
    ['Ctrl-C after part of the passphrase', 'hardeC-c'],
  ])(
    'item 8: %s at the passphrase prompt cancels it: one sentence, exit 130, the raw mode restored',
    async (_name, keys) => {
      const { sandbox, finished } = await start();
      await terminal!.waitFor(PROMPT);
      const [, typed, key] = /^(.*?)(C-.)$/.exec(keys)!;
      if (typed) terminal!.type(typed, false);
      terminal!.press(key);
      const result = await finished();
      expect(result.status).toBe(130);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('Error: No vault passphrase was entered for profile "devcorpuser"; the prompt was cancelled.\n');
      expect(result.after).toBe(result.before);
      sandbox.cleanup();
    },
    60_000,
  );

  test('item 8: the passphrase typed at the same prompt is not shown, and opens the vault', async () => {
    const { sandbox, finished } = await start();
    await terminal!.waitFor(PROMPT);
    terminal!.type(PASSPHRASE);
    const result = await finished();
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(result.stdout).SecretAccessKey).toBe(DEV_SECRET);
    expect(terminal!.screen()).not.toContain(PASSPHRASE);
    expect(result.after).toBe(result.before);
    sandbox.cleanup();
  }, 60_000);
});
