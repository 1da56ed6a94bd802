import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN } from '../helpers/cli';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { makeSandbox } from '../helpers/sandbox';

// The vault's questions as a person meets them, in a real pseudo-terminal (tmux): the secret key and the passphrase
// are never echoed, on our own terminal (enquirer) and on /dev/tty when we run as a credential_process.
const KEY_ID = 'AKIATERMINALVAULT001';
const SECRET = 'terminal-typed-secret-never-echoed-01';
const PASSPHRASE = 'typed passphrase never echoed';

describe('vault prompts in a terminal', () => {
  let terminal: TerminalSession | undefined;
  afterEach(() => terminal?.kill());

  test('keys add asks the key id, the secret and a new passphrase twice; nothing secret is shown; credentials then asks the passphrase on /dev/tty', async () => {
    const sandbox = makeSandbox({ '.aws/config': '[profile dev]\nregion = us-east-1\n' });
    sandbox.env.AMPLIFY_AWS_ROLES_VAULT_BACKEND = 'file';
    terminal = startTerminal(`${process.execPath} ${BIN} keys add dev`, { env: sandbox.env, cwd: sandbox.home });
    await terminal.waitFor('Access key id of profile "dev"');
    terminal.type(KEY_ID);
    await terminal.waitFor('Secret access key of profile "dev" (not shown)');
    terminal.type(SECRET);
    await terminal.waitFor('New vault passphrase');
    terminal.type(PASSPHRASE);
    await terminal.waitFor('The same passphrase again');
    terminal.type(PASSPHRASE);
    const screen = await terminal.waitFor('Stored the keys of profile "dev" (AKIA…T001)');
    expect(await terminal.exitCode()).toBe(0);
    expect(screen).not.toContain(SECRET);
    expect(screen).not.toContain(PASSPHRASE);
    terminal.kill();

    // As someone's credential_process: stdin and stdout are pipes, the passphrase is asked on the terminal itself.
    const out = path.join(sandbox.home, 'out.json');
    terminal = startTerminal(`${process.execPath} ${BIN} credentials --profile dev < /dev/null | cat > ${out}`, {
      env: sandbox.env,
      cwd: sandbox.home,
    });
    await terminal.waitFor(/\? Vault passphrase \(for the keys of profile "dev"\):/);
    terminal.type(PASSPHRASE);
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.screen()).not.toContain(PASSPHRASE);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual({ Version: 1, AccessKeyId: KEY_ID, SecretAccessKey: SECRET });
    sandbox.cleanup();
  });
});
