import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { takeoverCheck } from '../../../src/doctor/takeoverCheck';
import type { ToolError } from '../../../src/errors';
import { mfaCodeProvider } from '../../../src/prompts/mfaCode';
import { builtInPackage, installTakeover, takeoverStatus } from '../../../src/plugin/takeover';
import { seedCache } from '../../helpers/seedCache';
import { walkthroughSandbox } from '../../helpers/walkthrough';

// Which shape the takeover hands back (issue 21: SDK v2 providers of CLI 11-13 read flat keys), and what
// `amplify aws doctor` says about the takeover in the process it runs in.

function fakeProvider(
  dir: string,
  dependencies: Record<string, string>,
  manager = 'exports.getProfiledAwsConfig = async () => ({ from: "built-in" });\n',
): string {
  fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: '@aws-amplify/amplify-provider-awscloudformation',
      version: dependencies['aws-sdk'] ? '8.1.0' : '8.11.19',
      main: 'lib/index.js',
      dependencies,
    }),
  );
  fs.writeFileSync(path.join(dir, 'lib', 'index.js'), 'module.exports = {};\n');
  if (manager) fs.writeFileSync(path.join(dir, 'lib', 'system-config-manager.js'), manager);
  return path.join(dir, 'lib', 'index.js');
}

const quiet = () => new Writable({ write: (_c, _e, done) => done() });

test.each([
  ['an SDK v2 provider (CLI 11-13): the flat object its clients and amplify-util-mock read', { 'aws-sdk': '^2.1350.0' }, true],
  ['an SDK v3 provider (CLI 14): { region, credentials }', { '@aws-sdk/client-s3': '^3.919.0' }, false],
])('%s', async (_name, dependencies, flat) => {
  const sandbox = walkthroughSandbox();
  const project = sandbox.project('app');
  seedCache({
    env: sandbox.env,
    project,
    profile: 'bizcorprole',
    accessKeyId: 'ASIASEEDEDROLEKEY001',
    secretAccessKey: 'seeded-secret',
    sessionToken: 'seeded-token',
  });
  const main = fakeProvider(sandbox.path(`cli-${flat}/provider`), dependencies);
  expect(builtInPackage(main)).toMatchObject({ sdkV2: flat, version: flat ? '8.1.0' : '8.11.19' });
  installTakeover(main, () => ({
    env: sandbox.env,
    cwd: () => project,
    stdin: new PassThrough(),
    stderr: quiet(),
    mfa: () => mfaCodeProvider(async () => '000000', true),
    cliError: (error: ToolError) => error,
  }));
  const manager = require(path.join(path.dirname(main), 'system-config-manager.js')) as {
    getProfiledAwsConfig: (...args: unknown[]) => Promise<Record<string, unknown>>;
  };
  const config = await manager.getProfiledAwsConfig({}, 'bizcorprole');
  const keys = { accessKeyId: 'ASIASEEDEDROLEKEY001', secretAccessKey: 'seeded-secret', sessionToken: 'seeded-token' };
  if (flat) {
    expect(config).toMatchObject({ region: 'us-east-1', ...keys });
    expect(config.credentials).toBeUndefined();
  } else {
    expect(config).toMatchObject({ region: 'us-east-1', credentials: keys });
    expect(config.accessKeyId).toBeUndefined();
  }
  expect(takeoverStatus()).toMatchObject({ installed: true, file: path.join(path.dirname(main), 'system-config-manager.js') });
  expect(takeoverCheck(takeoverStatus())).toMatchObject({
    status: 'pass',
    message: expect.stringContaining(`@aws-amplify/amplify-provider-awscloudformation ${flat ? '8.1.0' : '8.11.19'}`),
  });
  expect(takeoverCheck(takeoverStatus()).message).toContain(flat ? 'flat AWS SDK v2 credentials' : 'AWS SDK v3 credentials');
  sandbox.cleanup();
});

test('doctor: not inside the CLI is a skip that says where to run it; a provider without the function is a failure saying why', () => {
  expect(takeoverCheck(undefined)).toMatchObject({ status: 'skip', message: expect.stringContaining('amplify aws doctor') });
  const sandbox = walkthroughSandbox();
  const main = fakeProvider(sandbox.path('odd/provider'), {}, 'exports.somethingElse = 1;\n');
  expect(
    installTakeover(main, () => {
      throw new Error('not used');
    }),
  ).toBe('not-found');
  const failed = takeoverCheck(takeoverStatus());
  expect(failed.status).toBe('fail');
  expect(failed.message).toContain('exports no getProfiledAwsConfig');
  expect(failed.message).toContain(path.join(path.dirname(main), 'system-config-manager.js'));
  const missing = fakeProvider(sandbox.path('bare/provider'), {}, '');
  expect(
    installTakeover(missing, () => {
      throw new Error('not used');
    }),
  ).toBe('not-found');
  expect(takeoverCheck(takeoverStatus()).message).toMatch(
    /^Not installed: the provider at .*bare\/provider has no .*system-config-manager\.js/,
  );
  sandbox.cleanup();
});
