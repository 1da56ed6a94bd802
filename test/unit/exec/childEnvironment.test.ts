import { PassThrough, Writable } from 'node:stream';
import type { AmplifyContext } from '../../../src/plugin/amplifyContext';
import { commandBeforeSeparator, invocationFromContext, splitAtSeparator } from '../../../src/plugin/contextInvocation';
import { runAmplifyCommand } from '../../../src/plugin/executeAmplifyCommand';
import { childEnvironment } from '../../../src/exec/childEnvironment';
import { CREDENTIAL_VARIABLES } from '../../../src/resolve/credentialVariables';
import { loadCommand } from '../../../commands/awscloudformation';
import { makeSandbox } from '../../helpers/sandbox';

const AMPLIFY_BIN = '/usr/lib/node_modules/@aws-amplify/cli-internal/bin/amplify';

/** The context the Amplify CLI 14.2.2 builds (input-manager.js: its parser reads the words after "--" as options). */
function context(
  args: string[],
  parsed: { command: string; options: Record<string, string | boolean>; subCommands?: string[] },
): AmplifyContext {
  const argv = ['/usr/bin/node', AMPLIFY_BIN, ...args];
  return {
    input: {
      argv,
      plugin: 'aws',
      command: parsed.command,
      options: parsed.options,
      ...(parsed.subCommands ? { subCommands: parsed.subCommands } : {}),
    },
  };
}

function sink(): Writable & { text: () => string } {
  let text = '';
  return Object.assign(new Writable({ write: (chunk, _e, done) => ((text += chunk), done()) }), { text: () => text });
}

describe('amplify aws exec: the words after "--" pass through the Amplify CLI untouched', () => {
  const exec = loadCommand('exec')!;
  const io = { env: {}, cwd: '/tmp', stdout: sink(), stderr: sink(), stdin: new PassThrough() };

  test('our options come from before "--"; the command after it keeps its own --profile and flags', () => {
    const args = ['aws', 'exec', '--profile', 'bizcorprole', '--server', '--', 'aws', 's3', 'ls', '--profile', 'other', '--recursive'];
    // What the CLI made of it: the child's --profile replaced ours, "--" became an option named "".
    const parsed = context(args, {
      command: 'exec',
      options: { profile: 'other', server: true, '': 'aws', s3: true, ls: true, recursive: true, yes: false },
    });
    const invocation = invocationFromContext(parsed, exec, io);
    expect(invocation.options).toEqual({ profile: 'bizcorprole', server: true });
    expect(invocation.positionals).toEqual(['aws', 's3', 'ls', '--profile', 'other', '--recursive']);
    expect(splitAtSeparator(['node', 'amplify', 'aws', 'exec', '-y', '--', 'x'])?.options).toEqual({ yes: true });
    expect(splitAtSeparator(['node', 'amplify', 'aws', 'exec', '--profile', 'p'])).toBeUndefined();
  });

  test('a --help meant for the command after "--" runs exec (the CLI had turned it into "help"); exec --help shows exec\'s help', async () => {
    expect(commandBeforeSeparator(['node', 'amplify', 'aws', 'exec', '--profile', 'p', '--', 'ampx', '--help'])).toBe('exec');
    expect(commandBeforeSeparator(['node', 'amplify', 'aws', 'exec', '--help', '--', 'ampx'])).toBeUndefined();
    const sandbox = makeSandbox({
      '.aws/credentials': '[plain]\naws_access_key_id = AKIAPLAINEXAMPLE0001\naws_secret_access_key = plain-secret-not-shown\n',
    });
    const stdout = sink();
    const stderr = sink();
    const codes: number[] = [];
    const dependencies = {
      io: () => ({ env: sandbox.env, cwd: sandbox.home, stdout, stderr, stdin: new PassThrough() }),
      builtIn: () => undefined,
      setExitCode: (code: number) => codes.push(code),
    };
    const args = ['aws', 'exec', '--profile', 'plain', '--', 'sh', '-c', 'exit 3', 'sh', '--help'];
    const parsed = context(args, {
      command: 'help',
      subCommands: ['aws', 'exec'],
      options: { profile: 'plain', '': 'sh', c: 'exit 3', sh: true, help: true, yes: false },
    });
    await runAmplifyCommand(parsed, dependencies);
    expect({ codes, stdout: stdout.text(), stderr: stderr.text() }).toEqual({ codes: [3], stdout: '', stderr: '' });
    sandbox.cleanup();
  });
});

describe("the child's environment", () => {
  const credentials = {
    accessKeyId: 'ASIAROLEKEY000000001',
    secretAccessKey: 's',
    sessionToken: 't',
    expiration: new Date('2026-12-01T10:00:00Z'),
  };
  const parent = Object.fromEntries(CREDENTIAL_VARIABLES.map((name) => [name, `parent-${name}`]));

  test("variables: every other credential source removed, the role's keys, expiry, region and the exec marker set", () => {
    const env = childEnvironment(
      { ...parent, PATH: '/bin', AWS_CONFIG_FILE: '/c', AWS_REGION: 'eu-north-1' },
      'bizcorprole',
      { kind: 'variables', credentials },
      'us-east-1',
    );
    expect(env).toEqual({
      PATH: '/bin',
      AWS_CONFIG_FILE: '/c',
      AWS_ACCESS_KEY_ID: 'ASIAROLEKEY000000001',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_SESSION_TOKEN: 't',
      AWS_CREDENTIAL_EXPIRATION: '2026-12-01T10:00:00.000Z',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AMPLIFY_AWS_ROLES_EXEC: 'bizcorprole',
    });
  });

  test("server: only the endpoint and its token; a profile without region leaves the shell's region alone", () => {
    const env = childEnvironment(
      { ...parent, AWS_REGION: 'eu-north-1' },
      'p',
      { kind: 'server', url: 'http://127.0.0.1:1/', token: 'tok' },
      undefined,
    );
    expect(env).toEqual({
      AWS_REGION: 'eu-north-1',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'tok',
      AMPLIFY_AWS_ROLES_EXEC: 'p',
    });
  });
});
