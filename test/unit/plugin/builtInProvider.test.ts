import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILT_IN_PROVIDER_PACKAGE, builtInProviderLoader, locateBuiltInProvider } from '../../../src/plugin/builtInProvider';
import { systemConfigManagerFile } from '../../../src/plugin/takeover';

/** A fake CLI installation laid out like the npm one: <dir>/node_modules/@aws-amplify/{cli-internal/bin/amplify, amplify-provider-awscloudformation}. */
function fakeCli(root: string, marker: string): { main: string; providerDir: string } {
  const modules = path.join(root, 'node_modules', '@aws-amplify');
  const main = path.join(modules, 'cli-internal', 'bin', 'amplify');
  fs.mkdirSync(path.dirname(main), { recursive: true });
  fs.writeFileSync(main, '#!/usr/bin/env node\n');
  const providerDir = path.join(modules, 'amplify-provider-awscloudformation');
  fs.mkdirSync(path.join(providerDir, 'lib'), { recursive: true });
  fs.writeFileSync(
    path.join(providerDir, 'package.json'),
    JSON.stringify({ name: BUILT_IN_PROVIDER_PACKAGE, version: '8.11.16', main: 'lib/index.js' }),
  );
  fs.writeFileSync(path.join(providerDir, 'lib', 'index.js'), `module.exports = { marker: ${JSON.stringify(marker)} };\n`);
  return { main, providerDir };
}

function pluginsFile(dir: string, platform: object): string {
  const file = path.join(dir, 'plugins.json');
  fs.writeFileSync(file, JSON.stringify(platform));
  return file;
}

describe('finding the built-in provider of the running Amplify CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-builtin-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('from the CLI that runs us (its bin script, through a symlink as in node_modules/.bin)', () => {
    const cli = fakeCli(path.join(dir, 'cli'), 'running');
    const link = path.join(dir, 'amplify');
    fs.symlinkSync(cli.main, link);
    const found = locateBuiltInProvider({ mainFilename: link });
    expect(found).toBe(path.join(fs.realpathSync(cli.providerDir), 'lib', 'index.js'));
  });

  test('the running CLI wins over what plugins.json records', () => {
    const running = fakeCli(path.join(dir, 'running'), 'running');
    const other = fakeCli(path.join(dir, 'other'), 'other');
    const file = pluginsFile(dir, {
      plugins: { awscloudformation: [{ packageName: BUILT_IN_PROVIDER_PACKAGE, packageLocation: other.providerDir }] },
    });
    const load = builtInProviderLoader(() => ({ mainFilename: running.main, pluginsFile: file }));
    expect(load()).toEqual({ marker: 'running' });
  });

  test('from plugins.json when the running program is not the CLI (the packaged binary), including after "amplify plugin remove" (excluded): the package folder it records resolved to its main module', () => {
    const cli = fakeCli(path.join(dir, 'cli'), 'recorded');
    const main = path.join(cli.providerDir, 'lib', 'index.js');
    const listed = pluginsFile(dir, {
      plugins: {
        awscloudformation: [
          { packageName: 'amplify-aws-roles', packageLocation: dir },
          { packageName: BUILT_IN_PROVIDER_PACKAGE, packageLocation: cli.providerDir },
        ],
      },
    });
    expect(locateBuiltInProvider({ mainFilename: path.join(dir, 'nothing-here.js'), pluginsFile: listed })).toBe(main);
    // The takeover patches the module beside the main one; from the folder it would look beside the folder.
    expect(systemConfigManagerFile(locateBuiltInProvider({ pluginsFile: listed })!)).toBe(
      path.join(cli.providerDir, 'lib', 'system-config-manager.js'),
    );
    const excluded = pluginsFile(dir, {
      plugins: { awscloudformation: [] },
      excluded: { awscloudformation: [{ packageName: BUILT_IN_PROVIDER_PACKAGE, packageLocation: cli.providerDir }] },
    });
    expect(locateBuiltInProvider({ pluginsFile: excluded })).toBe(main);
  });

  test('never our own package, and nothing when there is no CLI', () => {
    const cli = fakeCli(path.join(dir, 'cli'), 'x');
    const file = pluginsFile(dir, {
      plugins: { awscloudformation: [{ packageName: BUILT_IN_PROVIDER_PACKAGE, packageLocation: cli.providerDir }] },
    });
    expect(locateBuiltInProvider({ pluginsFile: file, ownRoot: dir })).toBeUndefined();
    expect(locateBuiltInProvider({ pluginsFile: path.join(dir, 'missing.json') })).toBeUndefined();
    const stale = pluginsFile(dir, {
      plugins: { awscloudformation: [{ packageName: BUILT_IN_PROVIDER_PACKAGE, packageLocation: path.join(dir, 'gone') }] },
    });
    expect(locateBuiltInProvider({ pluginsFile: stale })).toBeUndefined();
    expect(builtInProviderLoader(() => ({}))()).toBeUndefined();
  });

  test('the built-in is looked up and loaded once, on first use', () => {
    const cli = fakeCli(path.join(dir, 'cli'), 'once');
    let lookups = 0;
    const load = builtInProviderLoader(() => {
      lookups++;
      return { mainFilename: cli.main };
    });
    expect(lookups).toBe(0);
    expect(load()).toBe(load());
    expect(lookups).toBe(1);
  });
});
