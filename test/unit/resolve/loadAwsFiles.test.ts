import * as fs from 'node:fs';
import { loadAwsConfig } from '../../../src/config';
import { loadAwsFiles } from '../../../src/resolve/loadAwsFiles';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

// src/config sits below the vault: it knows no vault and asks only the lookup it is handed. loadAwsFiles (above both)
// hands in the vault's, so a profile whose keys were moved there still plans as one with keys.
let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
  sandbox.write('.aws/config', '[profile dev]\nregion = us-east-1\n');
  fs.mkdirSync(sandbox.path('.amplify-aws-roles/vault'), { recursive: true, mode: 0o700 });
  sandbox.write(
    '.amplify-aws-roles/vault/dev.json',
    JSON.stringify({
      version: 1,
      profile: 'dev',
      backend: 'keychain',
      accessKeyId: 'AKIAVAULTLOOKUP00001',
      created: new Date().toISOString(),
    }),
    0o600,
  );
});
afterEach(() => sandbox.cleanup());

test('loadAwsConfig alone asks no vault: the files have no lookup unless one is handed in', () => {
  expect(loadAwsConfig({ env: sandbox.env }).vault).toBeUndefined();
  const handed = (profile: string) => (profile === 'dev' ? { accessKeyId: 'AKIAHANDEDIN00000001' } : undefined);
  expect(loadAwsConfig({ env: sandbox.env, vault: handed }).vault?.('dev')).toEqual({ accessKeyId: 'AKIAHANDEDIN00000001' });
});

test("loadAwsFiles hands in the vault's lookup: the record's key id for a vault profile, nothing for another", () => {
  const files = loadAwsFiles({ env: sandbox.env });
  expect(files.vault?.('dev')).toEqual({ accessKeyId: 'AKIAVAULTLOOKUP00001' });
  expect(files.vault?.('other')).toBeUndefined();
});
