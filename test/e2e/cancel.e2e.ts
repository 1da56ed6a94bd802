/**
 * Cancel means cancel (issue 21, item 1): Ctrl-C at a prompt of ours (the MFA code; the vault passphrase when the
 * source keys are in the vault) inside `amplify init`, `push`, `env checkout` and `env pull` ends that command at once
 * with one sentence, no second prompt, no doctor advice, a non-zero exit and the terminal as the shell had it (stty
 * settings, cursor shown). Each prompt must be on the screen while the CLI's spinner runs. Real Amplify CLI in tmux,
 * moto and the Amplify API stand-in; the keypress-to-exit time of each run is appended to .tmp/cancel-timings.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/cli';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { initArgs } from './helpers/e2eProject';
import { runOurs } from './helpers/ourCli';
import {
  answerInitUpToProfile,
  makeWorld,
  REGISTRATIONS,
  shellQuote,
  startServices,
  stripAnsi,
  type Services,
  type World,
} from './helpers/world';

const MFA_PROMPT = 'MFA code for profile "bizcorprole"';
const PASSPHRASE_PROMPT = 'Vault passphrase (for the keys of profile "devcorpuser")';
const PASSPHRASE = 'e2e vault passphrase';
const TIMINGS = path.join(ROOT, '.tmp', 'cancel-timings.json');

let services: Services;
beforeAll(async () => {
  services = await startServices();
});
afterAll(async () => {
  await services?.stop();
});

function recordTiming(entry: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(TIMINGS), { recursive: true });
  const all = fs.existsSync(TIMINGS) ? (JSON.parse(fs.readFileSync(TIMINGS, 'utf8')) as unknown[]) : [];
  all.push({ at: new Date().toISOString(), ...entry });
  fs.writeFileSync(TIMINGS, JSON.stringify(all, null, 1));
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe.each([
  ['in the credentials file', false],
  ['in the vault (encrypted file)', true],
])('source keys %s', (_where, inVault) => {
  let world: World;
  let app: string;
  const prompt = inVault ? PASSPHRASE_PROMPT : MFA_PROMPT;

  beforeAll(async () => {
    world = await makeWorld(services, REGISTRATIONS.globalScan);
    if (inVault) {
      world.sandbox.env.AMPLIFY_AWS_ROLES_VAULT_BACKEND = 'file';
      const moved = await runOurs(world, ['keys', 'add', 'devcorpuser', '--from-credentials-file'], {
        AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE,
      });
      expect(moved.code).toBe(0);
      expect(world.sandbox.read('.aws/credentials')).not.toContain(services.devUser.accessKeyId);
    }
    app = folder('app');
    const init = await world.run(initArgs('app'), {
      cwd: app,
      env: { AMPLIFY_AWS_ROLES_MFA_CODE: await services.devUser.device.code(), AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE },
      timeoutMs: 180000,
    });
    expect(init.code).toBe(0);
  });

  afterAll(() => world?.cleanup());

  function folder(name: string): string {
    fs.mkdirSync(world.sandbox.path(name));
    return fs.realpathSync(world.sandbox.path(name));
  }

  /**
   * Runs `amplify ARGS` in a fresh terminal, drives it to our prompt, checks the prompt stays visible while the CLI
   * works around it, presses Ctrl-C, and returns what the person saw and how long the command took to end.
   */
  async function cancelAt(command: string, args: string[], cwd: string, drive?: (session: TerminalSession) => Promise<void>, key = 'C-c') {
    // The cache is empty, so the command needs our prompt.
    expect((await runOurs(world, ['reset-cache', '--project', app])).code).toBe(0);
    const dir = fs.mkdtempSync(path.join(world.sandbox.home, 'tty-'));
    const file = (name: string) => shellQuote(path.join(dir, name));
    const line = [world.amplify, ...args].map(shellQuote).join(' ');
    const session = startTerminal(
      `stty -g > ${file('before')}; ${line}; code=$?; date +%s%N > ${file('ended')}; stty -g > ${file('after')}; (exit $code)`,
      { env: world.sandbox.env, cwd, width: 200, height: 60 },
    );
    try {
      await drive?.(session);
      await session.waitFor(prompt, 150000);
      // The spinner keeps going around the prompt for a while: the prompt must still be the last thing shown.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const waiting = stripAnsi(session.screen()).trimEnd().split('\n');
      expect(waiting[waiting.length - 1]).toContain(prompt);
      const pressed = Date.now();
      session.press(key);
      const code = await session.exitCode(90000);
      const ms = Number(fs.readFileSync(path.join(dir, 'ended'), 'utf8').trim()) / 1e6 - pressed;
      const screen = stripAnsi(session.screen());
      const after = screen.slice(screen.lastIndexOf(prompt) + prompt.length);
      recordTiming({
        command,
        key,
        keys: inVault ? 'vault' : 'file',
        prompt: inVault ? 'passphrase' : 'mfa',
        exit: code,
        ms: Math.round(ms),
      });
      fs.writeFileSync(path.join(ROOT, '.tmp', `cancel-${command.replace(' ', '-')}-${inVault ? 'vault' : 'file'}.screen`), screen);
      return {
        code,
        ms,
        screen,
        after,
        sttyBefore: fs.readFileSync(path.join(dir, 'before'), 'utf8'),
        sttyAfter: fs.readFileSync(path.join(dir, 'after'), 'utf8'),
        cursor: session.cursorVisible(),
      };
    } finally {
      session.kill();
    }
  }

  function expectCancelled(run: Awaited<ReturnType<typeof cancelAt>>): void {
    expect(run.code).not.toBe(0);
    // One sentence of ours that says so, and nothing asked again.
    expect(occurrences(run.screen, prompt)).toBe(1);
    expect(occurrences(run.screen, MFA_PROMPT) + occurrences(run.screen, PASSPHRASE_PROMPT)).toBe(1);
    // One sentence: ours when our prompt ran in the CLI's process; the CLI's own "^Aborted!" when the prompt was our
    // bridge's, a child of the CLI on the same terminal, and the CLI got the SIGINT too (env pull: README).
    const ours = run.after.match(/amplify-aws-roles: [^\n]*cancelled[^\n]*/g) ?? [];
    const cliAborted = run.after.match(/\^Aborted!/g) ?? [];
    expect({ ours, cliAborted, total: ours.length + cliAborted.length }).toEqual({ ours, cliAborted, total: 1 });
    expect(run.after).not.toMatch(/doctor|Resolution:|Region is missing|Failed to get profile credentials|Error:/i);
    expect(run.sttyAfter).toBe(run.sttyBefore);
    expect(run.cursor).toBe(true);
  }

  test('amplify init (a terminal, choosing "bizcorprole"): Ctrl-C at our prompt ends it', async () => {
    const other = folder('fresh');
    const run = await cancelAt('init', ['init'], other, (session) => answerInitUpToProfile(session, 'bizcorprole'));
    expectCancelled(run);
  });

  test('amplify push: Ctrl-C at our prompt ends it', async () => {
    expectCancelled(await cancelAt('push', ['push', '--yes'], app));
  });

  test('amplify env checkout: Ctrl-C at our prompt ends it (no second prompt, no "Region is missing")', async () => {
    expectCancelled(await cancelAt('env checkout', ['env', 'checkout', 'dev'], app));
  });

  test('amplify env pull: Ctrl-C at our prompt ends it', async () => {
    expectCancelled(await cancelAt('env pull', ['env', 'pull', '--yes'], app));
  });

  test('Ctrl-D at our prompt (amplify env checkout) ends it the same way', async () => {
    expectCancelled(await cancelAt('env checkout (Ctrl-D)', ['env', 'checkout', 'dev'], app, undefined, 'C-d'));
  });
});
