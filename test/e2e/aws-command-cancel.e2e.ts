/**
 * Issue 21, item 1, for our own `amplify aws ...` commands: Ctrl-C or Ctrl-D at a prompt of ours ends the command with
 * one sentence and exit 130, as it ends init, push and env checkout (cancel.e2e.ts), with nothing changed. The real
 * Amplify CLI in tmux; the plugin registered from this checkout; STS is the strict stand-in, which must see no AssumeRole.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/cli';
import { makeWorld, REGISTRATIONS, startServices, stripAnsi, type Services, type World } from './helpers/world';

let services: Services;
let world: World;
let project: string;
beforeAll(async () => {
  services = await startServices();
  world = await makeWorld(services, REGISTRATIONS.folderAdd);
  project = world.sandbox.path('app');
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'amplify-project'), project, { recursive: true });
});
afterAll(async () => {
  world?.cleanup();
  await services?.stop();
});

const CASES = [
  [
    'amplify aws whoami, at the MFA prompt',
    ['aws', 'whoami', '--profile', 'bizcorprole'],
    'MFA code for profile "bizcorprole"',
    'Error: The MFA prompt for profile "bizcorprole" was cancelled.',
  ],
  [
    'amplify aws configure-project, at the profile list',
    ['aws', 'configure-project'],
    'Which AWS profile should this Amplify environment use?',
    'Error: The question was cancelled; nothing was changed.',
  ],
] as const;

describe.each([
  ['Ctrl-C', 'C-c'],
  ['Ctrl-D', 'C-d'],
])('%s', (_keyName, key) => {
  test.each(CASES)('%s: one sentence, exit 130, nothing changed', async (_name, args, prompt, sentence) => {
    const before = {
      config: world.sandbox.read('.aws/config'),
      info: fs.readFileSync(path.join(project, 'amplify', '.config', 'local-aws-info.json'), 'utf8'),
    };
    await services.sts.resetRecording();
    const session = world.terminal([...args], project);
    await session.waitFor(prompt, 90000);
    session.press(key);
    expect(await session.exitCode(30000)).toBe(130);
    const lines = stripAnsi(session.screen()).split('\n');
    expect(lines.filter((line) => /cancel/i.test(line) && !line.includes(prompt))).toEqual([sentence]);
    expect(lines.join('\n')).not.toMatch(/doctor|Resolution|Unexpected|Aborted/);
    expect({
      config: world.sandbox.read('.aws/config'),
      info: fs.readFileSync(path.join(project, 'amplify', '.config', 'local-aws-info.json'), 'utf8'),
    }).toEqual(before);
    expect((await services.sts.requests()).filter((r) => r.action === 'AssumeRole')).toEqual([]);
  });
});
