import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { SourceKeyVault } from '../../../src/vault/vaultStore';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

const KEYS = { accessKeyId: 'AKIAVAULTORPHAN00001', secretAccessKey: 'vault-orphan-secret-do-not-print-1' };
const OTHER = { accessKeyId: 'AKIAVAULTORPHAN00002', secretAccessKey: 'vault-orphan-secret-do-not-print-2' };

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('the vault removes what killed writers left, through the shared cleanup of src/files/atomicWrite', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = makeSandbox()));
  afterEach(() => sandbox.cleanup());

  test("the next locked write removes dead writers' temp records of any profile and dead lockers' temp files; a live writer's and other files stay", async () => {
    const vault = new SourceKeyVault({
      home: sandbox.home,
      env: {},
      passphrase: async () => 'orphan pass',
      scryptCost: { N: 1024, r: 8, p: 1 },
    });
    await vault.add('dev', KEYS, { backend: 'file' });
    const folder = vault.folder;
    const dead = deadPid();
    const orphans = [`.dev.json.${dead}.abcdef01.tmp`, `.gone.json.${dead}.abcdef02.tmp`, `.vault.lock.${dead}.abcdef03.tmp`];
    const kept = [`.qa.json.${process.ppid}.abcdef04.tmp`, 'notes.txt'];
    for (const name of [...orphans, ...kept]) fs.writeFileSync(`${folder}/${name}`, 'half a record', { mode: 0o600 });

    await vault.add('qa', OTHER, { backend: 'file' });

    const names = fs.readdirSync(folder);
    for (const name of orphans) expect(names).not.toContain(name);
    for (const name of kept) expect(names).toContain(name);
    expect((await vault.open('qa')).accessKeyId).toBe(OTHER.accessKeyId);
  });
});
