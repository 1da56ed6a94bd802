import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { AmplifyContext } from '../../../src/plugin/amplifyContext';
import { invocationFromContext } from '../../../src/plugin/contextInvocation';
import { runAmplifyCommand, type ExecuteDependencies } from '../../../src/plugin/executeAmplifyCommand';
import { ProjectCacheStore } from '../../../src/cache';
import { loadCommand } from '../../../commands/awscloudformation';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'amplify-project');
const AMPLIFY_BIN = '/usr/lib/node_modules/@aws-amplify/cli-internal/bin/amplify';

/**
 * A context as the Amplify CLI 14.2.2 builds it (captured from the real CLI: input-manager parses argv, the
 * execution manager rewrites a commandAlias to its command, context-extensions copies input into parameters).
 */
function realContext(
  args: string[],
  parsed: { plugin: string; command: string; options?: Record<string, string | boolean>; subCommands?: string[] },
): AmplifyContext {
  const argv = ['/usr/bin/node', AMPLIFY_BIN, ...args];
  const input = {
    argv,
    plugin: parsed.plugin,
    command: parsed.command,
    ...(parsed.subCommands ? { subCommands: parsed.subCommands } : {}),
    ...(parsed.options ? { options: parsed.options } : {}),
  };
  return {
    input,
    parameters: {
      argv,
      plugin: parsed.plugin,
      command: parsed.command,
      options: parsed.options ?? {},
      raw: argv,
      array: parsed.subCommands,
    } as AmplifyContext['parameters'],
    amplify: { getEnvInfo: () => ({ envName: 'dev' }) },
    print: { info: () => undefined },
    pluginPlatform: { plugins: {} },
    usageData: {},
  };
}

function collector(): Writable & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { text: () => text });
}

function copyProject(sandbox: Sandbox): string {
  const root = sandbox.path('app');
  fs.cpSync(FIXTURE, root, { recursive: true });
  const envFile = path.join(root, 'amplify', '.config', 'local-env-info.json');
  fs.writeFileSync(envFile, fs.readFileSync(envFile, 'utf8').replace('PROJECT_PATH', root));
  return fs.realpathSync(root);
}

function deps(sandbox: Sandbox, cwd: string, extra: Partial<ExecuteDependencies> = {}) {
  const stdout = collector();
  const stderr = collector();
  const codes: number[] = [];
  const dependencies: ExecuteDependencies = {
    io: () => ({ env: sandbox.env, cwd, stdout, stderr, stdin: new PassThrough() }),
    builtIn: () => undefined,
    setExitCode: (code) => codes.push(code),
    ...extra,
  };
  return { dependencies, stdout, stderr, codes };
}

const credentials = (key: string) => ({
  accessKeyId: key,
  secretAccessKey: 'secret-not-shown',
  sessionToken: 'token-not-shown',
  expiration: new Date(Date.now() + 3600_000),
});

describe('Amplify context -> Invocation', () => {
  const resetCache = loadCommand('reset-cache')!;
  const configure = loadCommand('configure-project')!;
  const io = { env: {}, cwd: '/tmp', stdout: collector(), stderr: collector(), stdin: new PassThrough() };

  test('options as the CLI parsed them: values, flags, --yes, and the `yes: false` it adds to every option set', () => {
    const context = realContext(['aws', 'configure-project', '--profile', 'bizcorprole', '--yes', '--mfa-code', '123456'], {
      plugin: 'aws',
      command: 'configure-project',
      options: { profile: 'bizcorprole', yes: true, 'mfa-code': '123456' },
    });
    expect(invocationFromContext(context, configure, io).options).toEqual({ profile: 'bizcorprole', yes: true, 'mfa-code': '123456' });
    const notYes = realContext(['aws', 'configure-project', '--profile', 'x'], {
      plugin: 'aws',
      command: 'configure-project',
      options: { profile: 'x', yes: false },
    });
    expect(invocationFromContext(notYes, configure, io).options).toEqual({ profile: 'x' });
  });

  test('a flag that swallowed the next word gives it back as a positional; --no-<flag> negates', () => {
    const context = realContext(['aws', 'reset-cache', '--all', 'extra', '--no-mfa-session'], {
      plugin: 'aws',
      command: 'reset-cache',
      options: { all: 'extra', 'no-mfa-session': true, yes: false },
    });
    const invocation = invocationFromContext(context, resetCache, io);
    expect(invocation.options).toEqual({ all: true, 'mfa-session': false });
    expect(invocation.positionals).toEqual(['extra']);
  });

  test('unknown options and missing values are the same usage errors as on the command line', () => {
    const unknown = realContext(['aws', 'reset-cache', '--everything'], {
      plugin: 'aws',
      command: 'reset-cache',
      options: { everything: true, yes: false },
    });
    expect(() => invocationFromContext(unknown, resetCache, io)).toThrow(
      'Invalid arguments for "amplify aws reset-cache": unknown option --everything.',
    );
    const noValue = realContext(['aws', 'reset-cache', '--project'], {
      plugin: 'aws',
      command: 'reset-cache',
      options: { project: true, yes: false },
    });
    expect(() => invocationFromContext(noValue, resetCache, io)).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringContaining('--project needs a value') }),
    );
  });

  test('interactive follows the terminal on stdin', () => {
    const context = realContext(['aws', 'reset-cache'], { plugin: 'aws', command: 'reset-cache' });
    expect(invocationFromContext(context, resetCache, io).interactive).toBe(false);
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    expect(invocationFromContext(context, resetCache, { ...io, stdin: tty }).interactive).toBe(true);
  });
});

describe('executeAmplifyCommand', () => {
  let sandbox: Sandbox;
  let root: string;
  beforeEach(() => {
    sandbox = makeSandbox();
    root = copyProject(sandbox);
  });
  afterEach(() => sandbox.cleanup());

  function seedCache(): ProjectCacheStore {
    const store = new ProjectCacheStore({ home: sandbox.home });
    store.put({ kind: 'project', root }, 'bizcorprole', {
      ...credentials('ASIAPROJECTKEY000001'),
      roleArn: 'arn:aws:iam::123456789012:role/amplify-deployer',
    });
    store.put({ kind: 'none' }, 'bizcorprole', credentials('ASIAOTHERSCOPE000001'));
    return store;
  }

  test.each([
    ['amplify aws reset-cache', ['aws', 'reset-cache'], 'aws'],
    ['amplify awscloudformation reset-cache', ['awscloudformation', 'reset-cache'], 'awscloudformation'],
    // The CLI has already turned the commandAlias into the command it names.
    ['amplify aws resetCache', ['aws', 'resetCache'], 'aws'],
  ])("%s forgets this project's cached credentials, from a sub-folder too, and nothing else", async (_label, args, plugin) => {
    const store = seedCache();
    const cwd = path.join(root, 'amplify', 'backend');
    const { dependencies, stdout, codes } = deps(sandbox, cwd);
    await runAmplifyCommand(realContext(args, { plugin, command: 'reset-cache' }), dependencies);
    expect(stdout.text()).toBe(`Removed 1 cached credential entry for project ${root}.\n`);
    expect(codes).toEqual([]);
    expect(store.get({ kind: 'project', root }, 'bizcorprole')).toBeUndefined();
    expect(store.get({ kind: 'none' }, 'bizcorprole')?.accessKeyId).toBe('ASIAOTHERSCOPE000001');
  });

  test('options reach the command (--json)', async () => {
    seedCache();
    const { dependencies, stdout } = deps(sandbox, root);
    await runAmplifyCommand(
      realContext(['aws', 'reset-cache', '--json'], { plugin: 'aws', command: 'reset-cache', options: { json: true, yes: false } }),
      dependencies,
    );
    expect(JSON.parse(stdout.text())).toEqual({ scope: `project ${root}`, removed: 1, mfaSessionsRemoved: 0 });
  });

  test('`amplify aws keys add PROFILE --from-credentials-file` and `amplify aws keys list`: the subcommand and profile arrive as positionals', async () => {
    sandbox.write(
      '.aws/credentials',
      '[devcorpuser]\naws_access_key_id = AKIAAMPLIFYKEYS00001\naws_secret_access_key = amplify-keys-secret\n',
    );
    sandbox.env.AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE = 'amplify face passphrase';
    sandbox.env.AMPLIFY_AWS_ROLES_VAULT_BACKEND = 'file';
    const add = deps(sandbox, root);
    await runAmplifyCommand(
      realContext(['aws', 'keys', 'add', 'devcorpuser', '--from-credentials-file'], {
        plugin: 'aws',
        command: 'keys',
        subCommands: ['add', 'devcorpuser'],
        options: { 'from-credentials-file': true, yes: false },
      }),
      add.dependencies,
    );
    expect(add.stderr.text()).toBe('');
    expect(add.codes).toEqual([]);
    expect(sandbox.read('.aws/credentials')).toBe('[devcorpuser]\n');
    const list = deps(sandbox, root);
    await runAmplifyCommand(
      realContext(['aws', 'keys', 'list', '--json'], {
        plugin: 'aws',
        command: 'keys',
        subCommands: ['list'],
        options: { json: true, yes: false },
      }),
      list.dependencies,
    );
    expect(JSON.parse(list.stdout.text())).toEqual([
      expect.objectContaining({ profile: 'devcorpuser', backend: 'file', accessKeyId: 'AKIA…0001', orphaned: false }),
    ]);
    expect(add.stdout.text() + list.stdout.text()).not.toContain('amplify-keys-secret');
  });

  test('a user mistake is one sentence on stderr and the exit code, never a stack trace', async () => {
    const { dependencies, stdout, stderr, codes } = deps(sandbox, root);
    await runAmplifyCommand(
      realContext(['aws', 'configure-project', '--profile', 'nosuch', '--yes'], {
        plugin: 'aws',
        command: 'configure-project',
        options: { profile: 'nosuch', yes: true },
      }),
      dependencies,
    );
    expect(codes).toEqual([1]);
    expect(stdout.text()).toBe('');
    expect(stderr.text()).toMatch(/^Error: There is no profile "nosuch" in .*\.aws\/config or .*\.aws\/credentials\.\n/);
    expect(stderr.text()).not.toMatch(/\n\s+at /);
  });

  test('help: `amplify aws help` lists our Amplify commands; `amplify aws reset-cache --help` shows that command', async () => {
    const list = deps(sandbox, root);
    await runAmplifyCommand(
      realContext(['aws', 'help'], { plugin: 'aws', command: 'help', subCommands: ['aws'], options: { help: true, yes: false } }),
      list.dependencies,
    );
    expect(list.stdout.text()).toContain('Usage: amplify aws <command> [options]');
    expect(list.stdout.text()).toMatch(/\n {2}reset-cache +Forget the cached credentials/);
    expect(list.stdout.text()).toMatch(/\n {2}configure-project +Choose the AWS profile/);
    const one = deps(sandbox, root);
    await runAmplifyCommand(
      realContext(['aws', 'reset-cache', '--help'], {
        plugin: 'aws',
        command: 'help',
        subCommands: ['aws', 'reset-cache'],
        options: { help: true, yes: false },
      }),
      one.dependencies,
    );
    expect(one.stdout.text()).toMatch(/^Usage: amplify aws reset-cache \[options\]/);
    expect(one.stdout.text()).toContain('--all');
  });

  test('a command of the built-in provider is handed to it unchanged', async () => {
    const seen: AmplifyContext[] = [];
    const builtIn = { executeAmplifyCommand: async (context: AmplifyContext) => void seen.push(context) };
    const { dependencies, codes } = deps(sandbox, root, { builtIn: () => builtIn });
    const context = realContext(['aws', 'console'], { plugin: 'aws', command: 'console' });
    await runAmplifyCommand(context, dependencies);
    expect(seen).toEqual([context]);
    expect(codes).toEqual([]);
  });
});
