import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  bridgeCommandLine,
  bridgeProfileName,
  inexpressibleFolder,
  parseBridgeCommandLine,
  planBridge,
  quoteWord,
  splitWords,
} from '../../../src/amplify/bridgeProfile';
import { amplifyCommands, readManifest } from '../../../src/plugin/amplifyHelp';
import { HANDLED_EVENTS } from '../../../src/plugin/amplifyEvents';
import { commandNames, loadCommand } from '../../../commands/awscloudformation';

describe('the bridge command line', () => {
  const program = { node: '/usr/local/bin/node', bin: "/home/o'neil/My Tools/amplify-aws-roles/dist/amplify-aws-roles.js" };

  test('paths with spaces and quotes survive /bin/sh (how the SDKs run credential_process)', () => {
    const line = bridgeCommandLine(program, 'bizcorprole', '/work/my app');
    const echoed = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' })
      .trimEnd()
      .split('\n');
    expect(echoed).toEqual([program.node, program.bin, 'credentials', '--profile=bizcorprole', '--project=/work/my app']);
    expect(splitWords(line)).toEqual(echoed);
  });

  test('plain words stay unquoted, others are single-quoted', () => {
    expect(quoteWord('/usr/bin/node')).toBe('/usr/bin/node');
    expect(quoteWord('a b')).toBe("'a b'");
    expect(quoteWord("it's")).toBe("'it'\\''s'");
  });

  test('a bridge is recognised by our command; other credential_process lines are not', () => {
    expect(parseBridgeCommandLine(bridgeCommandLine(program, 'p', '/x'))).toEqual({ profile: 'p', project: '/x' });
    expect(parseBridgeCommandLine('aws-vault export --format=json p')).toBeUndefined();
    // Bridges written before --flag=VALUE still read.
    expect(parseBridgeCommandLine('/usr/bin/node /x/amplify-aws-roles.js credentials --profile p --project /x')).toEqual({
      profile: 'p',
      project: '/x',
    });
    expect(parseBridgeCommandLine('/usr/bin/node /x/amplify-aws-roles.js credentials')).toBeUndefined();
  });

  test('names and regions', () => {
    // One name per folder: two checkouts of one project get two bridges.
    expect(bridgeProfileName('e2eproj', 'bizcorprole', '/work/e2eproj')).toMatch(/^amplify-aws-roles-e2eproj-[0-9a-f]{6}-bizcorprole$/);
    expect(bridgeProfileName('e2eproj', 'bizcorprole', '/work/e2eproj')).toBe(bridgeProfileName('e2eproj', 'bizcorprole', '/work/e2eproj'));
    expect(bridgeProfileName('e2eproj', 'bizcorprole', '/work/e2eproj-feature')).not.toBe(
      bridgeProfileName('e2eproj', 'bizcorprole', '/work/e2eproj'),
    );
    // Only what every SDK and the Amplify CLI's INI parser take in a profile name: no "." (split by the CLI), no ":";
    // a profile name that loses characters to that carries a hash of its exact spelling (test/unit/amplify/bridgeProfile.collision.test.ts).
    expect(bridgeProfileName('my app', 'a b', '/p')).toMatch(/^amplify-aws-roles-my-app-[0-9a-f]{6}-a-b-[0-9a-f]{6}$/);
    expect(bridgeProfileName('app', 'dev.team:ops/x@y', '/p')).toMatch(/^amplify-aws-roles-app-[0-9a-f]{6}-dev-team-ops-x-y-[0-9a-f]{6}$/);
    expect(() =>
      planBridge({ profile: 'r', region: undefined, projectRoot: '/p', projectName: 'p', configFile: '/h/.aws/config', program }),
    ).toThrow('Profile "r" has no region in /h/.aws/config and the project has not recorded a deployment region.');
  });
});

describe('what a bridge line can hold', () => {
  const program = { node: '/usr/bin/node', bin: '/opt/amplify-aws-roles/dist/amplify-aws-roles.js' };

  test('a profile named like an option stays a value: --profile=NAME', () => {
    const line = bridgeCommandLine(program, '--no-cache', '/work/app');
    expect(splitWords(line)).toContain('--profile=--no-cache');
    expect(parseBridgeCommandLine(line)).toEqual({ profile: '--no-cache', project: '/work/app' });
  });

  test('a folder whose path an INI value cannot hold is refused before anything happens, naming folder and character', () => {
    expect(inexpressibleFolder('/home/u/my app')).toBeUndefined();
    expect(inexpressibleFolder('/home/u/my #app')).toContain('"#" after a blank');
    expect(inexpressibleFolder('/home/u/a ;b')).toContain('";" after a blank');
    expect(inexpressibleFolder('/home/u/a\nb')).toContain('line break');
    expect(() =>
      planBridge({
        profile: 'r',
        region: 'us-east-1',
        projectRoot: '/home/u/my #app',
        projectName: 'p',
        configFile: '/h/.aws/config',
        program,
      }),
    ).toThrow('The project folder "/home/u/my #app" cannot be named in a credential_process line: its path holds "#" after a blank');
  });
});

describe('amplify-plugin.json', () => {
  const manifest = readManifest(path.join(__dirname, '..', '..', '..'));

  test('is the awscloudformation plugin, aliased aws, of type provider (it stands in for the built-in)', () => {
    expect(manifest).toMatchObject({ name: 'awscloudformation', type: 'provider', aliases: ['aws'] });
    expect(manifest.displayName).toMatch(/amplify-aws-roles/);
  });

  test('declares commands the registry has (or that other issues are adding), and aliases that name declared commands', () => {
    const registered = new Set(commandNames());
    // role-console is the command line's console under another name (the built-in provider owns "console").
    const missing = (manifest.commands ?? []).filter((c) => c !== 'help' && !registered.has(c) && !loadCommand(c));
    expect(manifest.commands).not.toContain('console');
    expect(loadCommand('role-console')?.name).toBe('console');
    expect(missing.every((c) => ['policy', 'setup-role'].includes(c))).toBe(true);
    expect(manifest.commands).toEqual(expect.arrayContaining(['reset-cache', 'configure-project', 'profiles', 'whoami', 'help']));
    for (const [alias, target] of Object.entries(manifest.commandAliases ?? {})) {
      expect(manifest.commands).toContain(target);
      expect(manifest.commands).not.toContain(alias);
    }
    expect(manifest.commandAliases?.resetCache).toBe('reset-cache');
    expect(amplifyCommands(manifest).map((c) => c.name)).toEqual(
      expect.arrayContaining(['reset-cache', 'configure-project', 'exec', 'role-console']),
    );
  });

  test('subscribes to exactly the events the layer handles', () => {
    expect([...(manifest.eventHandlers ?? [])].sort()).toEqual([...HANDLED_EVENTS].sort());
  });

  test('package.json main is the plugin module', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/src/plugin/index.js');
    expect(fs.existsSync(path.join(__dirname, '..', '..', '..', 'src', 'plugin', 'index.ts'))).toBe(true);
  });
});
