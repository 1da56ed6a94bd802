import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN } from '../helpers/cli';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { walkthroughSandbox } from '../helpers/walkthrough';

// Issue 15, item 10: the /dev/tty prompt under a parent that holds the terminal in raw mode (the Amplify CLI's
// spinner), in a real pseudo-terminal (tmux). The parent here is a shell that runs `stty raw -echo`, records the mode
// (stty -g), runs us as its credential_process would (pipes on stdin and stdout), and records the mode again.
// Before: SIGTERM during the prompt left the terminal in our canonical, echoing mode, and ^C was read as input
// ("The MFA code is 6 digits" again). Nothing here reaches STS: the endpoint is a closed port.
describe('the /dev/tty prompt under a parent in raw mode', () => {
  let terminal: TerminalSession | undefined;
  afterEach(() => terminal?.kill());

  function start(background: boolean) {
    const sandbox = walkthroughSandbox({ motoUrl: 'http://127.0.0.1:9' });
    const project = sandbox.project('app');
    const file = (name: string) => path.join(sandbox.home, name);
    const ours = `${process.execPath} ${BIN} credentials --profile bizcorprole < /dev/null > ${file('out.txt')} 2> ${file('err.txt')}`;
    const run = background ? `${ours} &\necho $! > ${file('pid.txt')}\nwait $!` : ours;
    const script = [
      `stty raw -echo`,
      `stty -g > ${file('before.txt')}`,
      run,
      `echo $? > ${file('status.txt')}`,
      `stty -g > ${file('after.txt')}`,
      `stty sane`,
    ].join('\n');
    fs.writeFileSync(file('parent.sh'), `${script}\n`);
    terminal = startTerminal(`bash ${file('parent.sh')}`, { env: sandbox.env, cwd: project });
    const finished = async () => {
      const deadline = Date.now() + 15_000;
      while (!fs.existsSync(file('after.txt')) || fs.readFileSync(file('after.txt'), 'utf8') === '') {
        if (Date.now() > deadline) throw new Error(`the command did not end; screen:\n${terminal!.screen()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return {
        status: Number(fs.readFileSync(file('status.txt'), 'utf8').trim()),
        before: fs.readFileSync(file('before.txt'), 'utf8').trim(),
        after: fs.readFileSync(file('after.txt'), 'utf8').trim(),
        stdout: fs.readFileSync(file('out.txt'), 'utf8'),
        stderr: fs.readFileSync(file('err.txt'), 'utf8'),
      };
    };
    return { sandbox, file, finished };
  }

  test('SIGTERM during the prompt: the terminal gets back exactly the raw mode it had', async () => {
    const { sandbox, file, finished } = start(true);
    await terminal!.waitFor(/\? MFA code for profile "bizcorprole".*\(6 digits, then Enter\):/);
    process.kill(Number(fs.readFileSync(file('pid.txt'), 'utf8').trim()), 'SIGTERM');
    const result = await finished();
    expect(result.after).toBe(result.before);
    expect(result.status).toBe(128 + 15);
    expect(result.stdout).toBe('');
    sandbox.cleanup();
  });

  test.each([
    ['Ctrl-C', 'C-c'],
    ['Ctrl-D', 'C-d'],
    ['Ctrl-C after some digits', '12C-c'],
  ])('%s at the prompt cancels it: one sentence, exit 130, the raw mode restored', async (_name, keys) => {
    const { sandbox, finished } = start(false);
    await terminal!.waitFor(/\? MFA code for profile "bizcorprole".*\(6 digits, then Enter\):/);
    const [, digits, key] = /^(\d*)(C-.)$/.exec(keys)!;
    if (digits) terminal!.type(digits, false);
    terminal!.press(key);
    const result = await finished();
    expect(result.status).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe('Error: No MFA code was entered for profile "bizcorprole"; the prompt was cancelled.');
    expect(terminal!.screen()).not.toContain('The MFA code is 6 digits');
    expect(result.after).toBe(result.before);
    sandbox.cleanup();
  });
});
