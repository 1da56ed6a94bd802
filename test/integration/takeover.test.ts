import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { ToolError } from '../../src/errors';
import { endCancelledCommand } from '../../src/plugin/cancelledCommand';
import { isPromptCancelled } from '../../src/prompts/cancelled';
import { mfaCodeProvider } from '../../src/prompts/mfaCode';
import { passphraseSource } from '../../src/vault/passphrase';
import { installTakeover, projectScopeOf, withQuietTerminal, type TakeoverDependencies } from '../../src/plugin/takeover';
import { useSts } from '../helpers/sts';
import { MFA_SERIAL, walkthroughSandbox } from '../helpers/walkthrough';
import { cachedText } from '../helpers/seedCache';

// The built-in provider's system-config-manager.js as far as the takeover sees it: an exports object whose
// getProfiledAwsConfig its other modules call through.
const FAKE_MANAGER = `exports.getProfiledAwsConfig = async (context, profileName, isRoleSourceProfile) => ({ from: 'built-in', profileName, isRoleSourceProfile });\n`;

function fakeBuiltIn(dir: string): string {
  fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'lib', 'system-config-manager.js'), FAKE_MANAGER);
  fs.writeFileSync(path.join(dir, 'lib', 'index.js'), 'module.exports = {};\n');
  return path.join(dir, 'lib', 'index.js');
}

function sink(): Writable & { text: () => string } {
  let text = '';
  return Object.assign(new Writable({ write: (c, _e, done) => ((text += c.toString()), done()) }), { text: () => text });
}

describe("the takeover of the built-in provider's getProfiledAwsConfig (against the strict STS stand-in)", () => {
  const sts = useSts({ resetRecording: true });

  test('role profiles resolve through our resolver once for concurrent callers, cached under the folder being initialised; others go to the built-in', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const given = await sts.walkthrough.user.device.code();
    const main = fakeBuiltIn(sandbox.path('cli/node_modules/provider'));
    const folder = sandbox.path('newapp');
    fs.mkdirSync(folder);
    const asked: string[] = [];
    const deps = (): TakeoverDependencies => ({
      env: sandbox.env,
      cwd: () => sandbox.home,
      stdin: new PassThrough(),
      stderr: sink(),
      mfa: () => mfaCodeProvider(async (request) => (asked.push(request.profile), given), true),
      cliError: (error: ToolError) => new Error(`[AmplifyError] ${error.message}`),
    });
    expect(installTakeover(main, deps)).toBe('installed');
    expect(installTakeover(main, deps)).toBe('already-installed');
    const manager = require(path.join(path.dirname(main), 'system-config-manager.js')) as {
      getProfiledAwsConfig: (...args: unknown[]) => Promise<Record<string, unknown>>;
    };

    // amplify init: the project folder is known before amplify/ exists.
    const context = { exeInfo: { isNewProject: true, localEnvInfo: { projectPath: folder } } };
    const answers = await Promise.all([1, 2, 3].map(() => manager.getProfiledAwsConfig(context, 'bizcorprole')));
    expect(asked).toEqual(['bizcorprole']);
    const assumed = (await sts.requests()).filter((r) => r.action === 'AssumeRole');
    expect(assumed).toHaveLength(1);
    expect(assumed[0]).toMatchObject({
      accessKeyId: sts.walkthrough.user.accessKeyId,
      params: expect.objectContaining({ SerialNumber: MFA_SERIAL, TokenCode: given }),
    });
    for (const answer of answers) {
      const credentials = answer.credentials as { accessKeyId: string; expiration: Date };
      expect(answer.region).toBe('us-east-1');
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
      // The SDK calls expiration.getTime(): a Date, not the string a JSON cache holds.
      expect(credentials.expiration).toBeInstanceOf(Date);
    }
    expect(cachedText(sandbox.home)).toContain(JSON.stringify(fs.realpathSync(folder)));

    // Static keys, and the built-in's own source-profile lookups, stay the built-in's.
    expect(await manager.getProfiledAwsConfig(context, 'devcorpuser')).toEqual({ from: 'built-in', profileName: 'devcorpuser' });
    expect(await manager.getProfiledAwsConfig(context, 'bizcorprole', true)).toEqual({
      from: 'built-in',
      profileName: 'bizcorprole',
      isRoleSourceProfile: true,
    });
    sandbox.cleanup();
  });

  test('our errors reach the CLI as its own error, with our sentence', async () => {
    const sandbox = walkthroughSandbox({
      sts,
      extraConfig: '[profile broken-role]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = nosuch\n',
    });
    const main = fakeBuiltIn(sandbox.path('cli2/node_modules/provider'));
    installTakeover(main, () => ({
      env: sandbox.env,
      cwd: () => sandbox.home,
      stdin: new PassThrough(),
      stderr: sink(),
      mfa: () => mfaCodeProvider(async () => '000000', true),
      cliError: (error: ToolError) => new Error(`[AmplifyError] ${error.message}`),
    }));
    const manager = require(path.join(path.dirname(main), 'system-config-manager.js')) as {
      getProfiledAwsConfig: (...args: unknown[]) => Promise<unknown>;
    };
    await expect(manager.getProfiledAwsConfig({}, 'broken-role')).rejects.toThrow(/^\[AmplifyError\] .*nosuch/);
    expect((await sts.requests()).filter((r) => r.action === 'AssumeRole')).toEqual([]);
    sandbox.cleanup();
  });
});

describe('a cancelled prompt inside the CLI', () => {
  test("ends the command through `cancelled` (never the CLI's error, which it would print with our hint or retry)", async () => {
    const sandbox = walkthroughSandbox({ motoUrl: 'http://127.0.0.1:9' });
    const main = fakeBuiltIn(sandbox.path('cli3/node_modules/provider'));
    const ended: string[] = [];
    installTakeover(main, () => ({
      env: sandbox.env,
      cwd: () => sandbox.home,
      stdin: new PassThrough(),
      stderr: sink(),
      mfa: () =>
        mfaCodeProvider(async (request) => {
          throw new ToolError('PromptCancelled', `The MFA prompt for profile "${request.profile}" was cancelled.`);
        }, true),
      cliError: (error: ToolError) => new Error(`[AmplifyError] ${error.message}`),
      cancelled: (error: ToolError) => {
        ended.push(error.message);
        throw new Error('ended');
      },
    }));
    const manager = require(path.join(path.dirname(main), 'system-config-manager.js')) as {
      getProfiledAwsConfig: (...args: unknown[]) => Promise<unknown>;
    };
    await expect(manager.getProfiledAwsConfig({}, 'bizcorprole')).rejects.toThrow(/^ended$/);
    expect(ended).toEqual(['The MFA prompt for profile "bizcorprole" was cancelled.']);
    sandbox.cleanup();
  });

  test('endCancelledCommand: the spinner stops, one sentence, exit 130; a passphrase cancelled at enquirer is PromptCancelled', async () => {
    const events: string[] = [];
    const stderr = sink();
    expect(() =>
      endCancelledCommand(new ToolError('PromptCancelled', 'The MFA prompt for profile "p" was cancelled.'), {
        stderr,
        spinner: () => ({ stop: () => events.push('stop') }),
        exit: (code) => {
          events.push(`exit ${code}`);
          throw new Error('exited');
        },
      }),
    ).toThrow('exited');
    expect(events).toEqual(['stop', 'exit 130']);
    expect(stderr.text()).toBe('\namplify-aws-roles: The MFA prompt for profile "p" was cancelled.\n');

    // The asker throws the caller's cancellation (as enquirer's Ctrl-C and the /dev/tty prompt's ^C/^D do).
    const passphrase = passphraseSource({
      env: {},
      stdin: new PassThrough(),
      stderr: sink(),
      asker: async (_question, options) => {
        throw options?.cancelled?.() ?? new Error('no cancellation given');
      },
    });
    const error = await passphrase({ profile: 'devcorpuser', confirm: false }).catch((e: unknown) => e);
    expect(isPromptCancelled(error)).toBe(true);
    expect((error as Error).message).toBe('No vault passphrase was entered for profile "devcorpuser"; the prompt was cancelled.');
  });
});

describe('where the credentials are cached, and the quiet terminal', () => {
  test('the folder being initialised, else the project around the working folder, else the working folder', () => {
    const sandbox = walkthroughSandbox();
    const project = fs.realpathSync(sandbox.project('app'));
    const fresh = sandbox.path('fresh');
    fs.mkdirSync(fresh);
    expect(projectScopeOf({ exeInfo: { isNewProject: true, localEnvInfo: { projectPath: fresh } } }, project)).toEqual({
      kind: 'project',
      root: fs.realpathSync(fresh),
    });
    expect(projectScopeOf({}, path.join(project, 'amplify'))).toEqual({ kind: 'project', root: project });
    expect(projectScopeOf(undefined, fresh)).toEqual({ kind: 'project', root: fs.realpathSync(fresh) });
    sandbox.cleanup();
  });

  test('while a code is typed the spinner stands still and stdout redraws are held back; both go on afterwards', async () => {
    const events: string[] = [];
    const spinner = { isSpinning: true, stop: () => events.push('stop'), start: () => events.push('start') };
    const written: string[] = [];
    const streams = {
      stdout: { write: (chunk: unknown) => (written.push(String(chunk)), true) },
      stderr: { write: (chunk: string) => (events.push(`stderr ${JSON.stringify(chunk)}`), true) },
    };
    const original = streams.stdout.write;
    const answer = await withQuietTerminal(
      async () => {
        streams.stdout.write('⠙ redraw');
        events.push('asked');
        return '123456';
      },
      { spinner, streams },
    );
    expect(answer).toBe('123456');
    expect(written).toEqual([]);
    expect(events).toEqual(['stop', 'asked', 'stderr "\\n"', 'start']);
    expect(streams.stdout.write).toBe(original);
    streams.stdout.write('after');
    expect(written).toEqual(['after']);
  });
});
