import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, runCli } from '../helpers/cli';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { walkthroughSandbox } from '../helpers/walkthrough';

// Issue 21, item 1, for our own command line: Ctrl-C or Ctrl-D at any prompt of ours ends the command as a shell
// reports Ctrl-C (exit 130), with one sentence that says the prompt was cancelled, and nothing changed.
// A real pseudo-terminal (tmux); STS is a closed port, since nothing may be called after a cancel.
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'amplify-project');
const PASSPHRASE = 'cancel exit code passphrase 0001';

interface Case {
  name: string;
  args: string;
  prompt: RegExp;
  sentence: string;
  vault?: boolean;
  extraConfig?: string;
}

const CASES: Case[] = [
  {
    name: 'whoami at the MFA prompt',
    args: 'whoami --profile bizcorprole',
    prompt: /MFA code for profile "bizcorprole"/,
    sentence: 'Error: The MFA prompt for profile "bizcorprole" was cancelled.',
  },
  {
    name: 'credentials at the vault passphrase prompt',
    args: 'credentials --profile devcorpuser',
    prompt: /Vault passphrase \(for the keys of profile "devcorpuser"\)/,
    sentence: 'Error: No vault passphrase was entered for profile "devcorpuser"; the prompt was cancelled.',
    vault: true,
  },
  {
    name: 'keys add at the access key prompt',
    args: 'keys add newuser',
    extraConfig: '[profile newuser]\nregion = us-east-1\n',
    prompt: /Access key id of profile "newuser"/,
    sentence: 'Error: No keys were entered for profile "newuser"; the prompt was cancelled and nothing was stored.',
  },
  {
    name: 'configure-project at the profile list',
    args: 'configure-project',
    prompt: /Which AWS profile should this Amplify environment use\?/,
    sentence: 'Error: The question was cancelled; nothing was changed.',
  },
  {
    name: 'configure-project at the bridge question',
    args: 'configure-project --profile bizcorprole',
    prompt: /Write \[profile amplify-aws-roles-/,
    sentence: 'Error: The question was cancelled; nothing was changed.',
  },
  {
    name: 'setup-role at its first question',
    args: 'setup-role',
    prompt: /\?.*account/i,
    sentence: 'Error: setup-role was cancelled at a prompt; nothing was written or created.',
  },
];

describe('a cancelled prompt of our command line', () => {
  let terminal: TerminalSession | undefined;
  afterEach(() => terminal?.kill());

  describe.each([
    ['Ctrl-C', 'C-c'],
    ['Ctrl-D', 'C-d'],
  ])('%s', (_keyName, key) => {
    test.each(CASES.map((c) => [c.name, c] as const))(
      '%s: one sentence, exit 130, nothing changed',
      async (_name, c) => {
        const sandbox = walkthroughSandbox({ motoUrl: 'http://127.0.0.1:9', extraConfig: c.extraConfig });
        try {
          const project = sandbox.path('app');
          fs.cpSync(FIXTURE, project, { recursive: true });
          if (c.vault) {
            sandbox.env.AMPLIFY_AWS_ROLES_VAULT_BACKEND = 'file';
            const moved = await runCli(['keys', 'add', 'devcorpuser', '--from-credentials-file'], {
              env: { ...sandbox.env, AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE },
              cwd: sandbox.home,
            });
            expect({ code: moved.code, stderr: moved.stderr }).toEqual({ code: 0, stderr: '' });
          }
          const before = {
            config: sandbox.read('.aws/config'),
            info: fs.readFileSync(path.join(project, 'amplify', '.config', 'local-aws-info.json'), 'utf8'),
          };
          terminal = startTerminal(`${process.execPath} ${BIN} ${c.args}`, { env: sandbox.env, cwd: project });
          await terminal.waitFor(c.prompt);
          terminal.press(key);
          expect(await terminal.exitCode()).toBe(130);
          const lines = terminal.screen().split('\n');
          expect(lines.filter((line) => /cancel/i.test(line) && !c.prompt.test(line))).toEqual([c.sentence]);
          expect(lines.join('\n')).not.toMatch(/doctor|Resolution|Unexpected/);
          expect({
            config: sandbox.read('.aws/config'),
            info: fs.readFileSync(path.join(project, 'amplify', '.config', 'local-aws-info.json'), 'utf8'),
          }).toEqual(before);
        } finally {
          sandbox.cleanup();
        }
      },
      40000,
    );
  });
});
