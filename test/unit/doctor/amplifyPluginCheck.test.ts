import { amplifyPluginCheck } from '../../../src/doctor/amplifyPluginCheck';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

// The doctor's look at ~/.amplify/plugins.json: is the plugin after the built-in provider, and will a scan keep it there?
// The files have the shape the Amplify CLI 14.2.2 writes (the end-to-end suite checks the same against the real CLI);
// the plugin folders are real folders here, because a folder added by hand counts only while it holds the package.
const INSTALL = 'npm install -g amplify-aws-roles && amplify plugin add "$(npm root -g)/amplify-aws-roles"';

describe('doctor: amplify-plugin', () => {
  let sandbox: Sandbox;
  let builtIn: object;
  let global: { packageName: string; packageVersion: string; packageLocation: string };
  let clone: { packageName: string; packageVersion: string; packageLocation: string };
  beforeEach(() => {
    sandbox = makeSandbox();
    const folder = (relative: string, name: string) => {
      sandbox.write(`${relative}/package.json`, JSON.stringify({ name, version: '0.1.0' }));
      return sandbox.path(relative);
    };
    builtIn = {
      packageName: '@aws-amplify/amplify-provider-awscloudformation',
      packageVersion: '8.11.8',
      packageLocation: folder(
        'cli/node_modules/@aws-amplify/amplify-provider-awscloudformation',
        '@aws-amplify/amplify-provider-awscloudformation',
      ),
    };
    global = {
      packageName: 'amplify-aws-roles',
      packageVersion: '0.1.0',
      packageLocation: folder('npm-global/lib/node_modules/amplify-aws-roles', 'amplify-aws-roles'),
    };
    clone = {
      packageName: 'amplify-aws-roles',
      packageVersion: '0.1.0',
      packageLocation: folder('src/amplify-aws-roles', 'amplify-aws-roles'),
    };
  });
  afterEach(() => sandbox.cleanup());

  function platform(providers: object[], userAddedLocations: string[] = []): void {
    sandbox.write(
      '.amplify/plugins.json',
      JSON.stringify(
        {
          pluginDirectories: ['cli-local-node-modules', 'cli-parent-directory', 'global-node-modules'],
          pluginPrefixes: ['amplify-'],
          userAddedLocations,
          plugins: { core: [{ packageName: '@aws-amplify/cli-internal' }], awscloudformation: providers },
          excluded: {},
        },
        null,
        2,
      ),
    );
  }
  const check = () => amplifyPluginCheck({ env: sandbox.env });

  test('installed with npm i -g and found by a scan: after the built-in, and it stays there', () => {
    platform([builtIn, global]);
    expect(check()).toEqual({
      status: 'pass',
      message: `amplify-aws-roles 0.1.0 (${global.packageLocation}) comes after the built-in provider, and every "amplify plugin scan" finds it there (no copy of it was added by hand).`,
    });
  });

  test('a folder added by hand, before any scan: after the built-in now, first after the next scan; the fix removes it first', () => {
    platform([builtIn, clone], [clone.packageLocation]);
    const outcome = check();
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      `but ${clone.packageLocation} was added by hand from outside npm's global folder: the next "amplify plugin scan" (the CLI runs one by itself every 24 hours) puts it first, and "amplify env add" then cannot use a role profile.`,
    );
    expect(outcome.fix).toBe(`amplify plugin remove the copy at ${clone.packageLocation} (under "awscloudformation >"), then ${INSTALL}`);
  });

  test('a folder added by hand, after a scan: before the built-in', () => {
    platform([clone, builtIn], [clone.packageLocation]);
    const outcome = check();
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      `amplify-aws-roles 0.1.0 (${clone.packageLocation}) comes before the built-in provider, where "amplify plugin scan" puts a folder added by hand (${clone.packageLocation}): "amplify env add" then cannot use a role profile (the CLI hands it to the built-in provider alone, which cannot use role profiles).`,
    );
  });

  test('the global copy added over a hand-added one of the same version: the CLI keeps one entry, but the next scan lists the clone first', () => {
    // What `amplify plugin add "$(npm root -g)/amplify-aws-roles"` leaves after an earlier `amplify plugin add <clone>`.
    platform([builtIn, global], [clone.packageLocation]);
    // `plugin remove` cannot list the clone now (the global copy stands in its entry): a scan first brings it back.
    expect(check()).toMatchObject({
      status: 'warn',
      message: expect.stringContaining(`but ${clone.packageLocation} was added by hand`),
      fix: `amplify plugin scan, then amplify plugin remove the copy at ${clone.packageLocation} (under "awscloudformation >"), then ${INSTALL}`,
    });
    // A hand-added folder that is gone (or holds something else) is dropped by the next scan: nothing to warn about.
    sandbox.write('src/amplify-aws-roles/package.json', JSON.stringify({ name: 'something-else' }));
    expect(check().status).toBe('pass');
  });

  test('the built-in added back after us without a scan: before it, and a scan is the fix', () => {
    platform([global, builtIn]);
    expect(check()).toEqual({
      status: 'warn',
      message: `amplify-aws-roles 0.1.0 (${global.packageLocation}) comes before the built-in provider (the built-in was added after it): "amplify env add" cannot use a role profile until "amplify plugin scan" puts the built-in first again.`,
      fix: 'amplify plugin scan',
    });
  });

  test('the built-in removed: we are the only provider', () => {
    platform([global]);
    expect(check()).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('is the only awscloudformation provider registered'),
    });
  });

  test('not registered, no Amplify CLI, an unreadable or foreign file: one sentence naming the file', () => {
    expect(check()).toEqual({
      status: 'skip',
      message: `The Amplify CLI has not run with this home: ${sandbox.path('.amplify/plugins.json')} does not exist.`,
    });
    platform([builtIn]);
    expect(check()).toEqual({
      status: 'warn',
      message: `amplify-aws-roles is not registered with the Amplify CLI (${sandbox.path('.amplify/plugins.json')}): its commands get no help with role profiles.`,
      fix: INSTALL,
    });
    sandbox.write('.amplify/plugins.json', '{"plugins": ');
    expect(check()).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/^\S+plugins\.json is not the Amplify CLI's plugin list \(.+\)\.$/),
      fix: 'amplify plugin scan (it rewrites the file)',
    });
    sandbox.write('.amplify/plugins.json', '[]');
    expect(check()).toMatchObject({ status: 'warn', message: expect.stringContaining('(it is not a JSON object)') });
    sandbox.write('.amplify/plugins.json', JSON.stringify({ plugins: { awscloudformation: 'nonsense' }, userAddedLocations: [42, null] }));
    expect(check().status).toBe('warn');
  });
});
