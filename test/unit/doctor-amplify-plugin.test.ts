import { amplifyPluginCheck } from '../../src/doctor/amplifyPluginCheck';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';

// The doctor's look at ~/.amplify/plugins.json: is the plugin after the built-in provider, and will a scan keep it there?
// The files have the shape the Amplify CLI 14.2.2 writes (the end-to-end suite checks the same against the real CLI).
const BUILT_IN = { packageName: '@aws-amplify/amplify-provider-awscloudformation', packageVersion: '8.11.8', packageLocation: '/opt/amplify/node_modules/@aws-amplify/amplify-provider-awscloudformation' };
const GLOBAL = { packageName: 'amplify-aws-roles', packageVersion: '0.1.0', packageLocation: '/usr/lib/node_modules/amplify-aws-roles' };
const CLONE = { packageName: 'amplify-aws-roles', packageVersion: '0.1.0', packageLocation: '/home/dev/src/amplify-aws-roles' };

describe('doctor: amplify-plugin', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = makeSandbox();
  });
  afterEach(() => sandbox.cleanup());

  function platform(providers: object[], userAddedLocations: string[] = []): void {
    sandbox.write('.amplify/plugins.json', JSON.stringify({ pluginDirectories: ['cli-local-node-modules', 'cli-parent-directory', 'global-node-modules'], pluginPrefixes: ['amplify-'], userAddedLocations, plugins: { core: [{ packageName: '@aws-amplify/cli-internal' }], awscloudformation: providers }, excluded: {} }, null, 2));
  }
  const check = () => amplifyPluginCheck({ env: sandbox.env });

  test('installed with npm i -g and found by a scan: after the built-in, and it stays there', () => {
    platform([BUILT_IN, GLOBAL]);
    expect(check()).toEqual({ status: 'pass', message: `amplify-aws-roles 0.1.0 (${GLOBAL.packageLocation}) comes after the built-in provider, and every "amplify plugin scan" finds it there (it is not a user-added folder).` });
  });

  test('a folder added by hand, before any scan: after the built-in now, first after the next scan', () => {
    platform([BUILT_IN, CLONE], [CLONE.packageLocation]);
    const outcome = check();
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('the next "amplify plugin scan" (the CLI runs one by itself every 24 hours) puts it first, and "amplify env add" then cannot use a role profile.');
    expect(outcome.fix).toBe(`npm install -g amplify-aws-roles && amplify plugin add "$(npm root -g)/amplify-aws-roles", then amplify plugin remove the copy at ${CLONE.packageLocation}`);
  });

  test('a folder added by hand, after a scan: before the built-in', () => {
    platform([CLONE, BUILT_IN], [CLONE.packageLocation]);
    const outcome = check();
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(`amplify-aws-roles 0.1.0 (${CLONE.packageLocation}) comes before the built-in provider, where "amplify plugin scan" puts a folder added by hand: "amplify env add" then cannot use a role profile (the CLI hands it to the built-in, which fails with "Resolved credential object is not valid").`);
  });

  test('the built-in removed: we are the only provider', () => {
    platform([GLOBAL]);
    expect(check()).toMatchObject({ status: 'pass', message: expect.stringContaining('is the only awscloudformation provider registered') });
  });

  test('not registered, no Amplify CLI, an unreadable or foreign file: one sentence naming the file', () => {
    expect(check()).toEqual({ status: 'skip', message: `The Amplify CLI has not run with this home: ${sandbox.path('.amplify/plugins.json')} does not exist.` });
    platform([BUILT_IN]);
    expect(check()).toMatchObject({ status: 'warn', message: `amplify-aws-roles is not registered with the Amplify CLI (${sandbox.path('.amplify/plugins.json')}): its commands get no help with role profiles.` });
    sandbox.write('.amplify/plugins.json', '{"plugins": ');
    expect(check()).toMatchObject({ status: 'warn', message: expect.stringMatching(/^\S+plugins\.json is not the Amplify CLI's plugin list \(.+\)\.$/), fix: 'amplify plugin scan (it rewrites the file)' });
    sandbox.write('.amplify/plugins.json', '[]');
    expect(check()).toMatchObject({ status: 'warn', message: expect.stringContaining('(it is not a JSON object)') });
    sandbox.write('.amplify/plugins.json', JSON.stringify({ plugins: { awscloudformation: 'nonsense' } }));
    expect(check().status).toBe('warn');
  });
});
