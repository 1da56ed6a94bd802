import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN } from '../helpers/cli';
import { standInFederation } from '../helpers/federation';
import { DEV_SECRET, walkthroughSandbox } from '../helpers/walkthrough';
import { useFakeSts } from './helpers/fakeSts';
import { capture, rememberSecrets, runTool } from './helpers/secretScan';

// Issue 25, item 1: the vault passphrase and an MFA code given in the environment unlock keys for this process only.
// The command `exec` runs (with or without --server) and the browser `console` starts get neither: before, a child
// could run `amplify-aws-roles credentials --profile devcorpuser` and print the long-term secret from the vault.
const sts = useFakeSts({ okBeforeEach: true });
const PASSPHRASE = 'hardening children passphrase 0025';
rememberSecrets(DEV_SECRET, PASSPHRASE);
const REPORTER = path.resolve(__dirname, '..', 'fixtures', 'report-unlocking.js');

interface Report {
  names: string[];
  credentials: { code: number | null; stdout: string; stderr: string };
}

async function vaultSandbox() {
  const box = walkthroughSandbox({ motoUrl: sts.url });
  const project = box.project('app');
  const report = box.path('report.json');
  Object.assign(box.env, {
    AMPLIFY_AWS_ROLES_VAULT_BACKEND: 'file',
    AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE,
    AMPLIFY_AWS_ROLES_MFA_CODE: '123456',
    HARDEN_REPORT_FILE: report,
    HARDEN_TOOL_BIN: BIN,
    HARDEN_VAULT_PROFILE: 'devcorpuser',
  });
  const moved = await runTool(['keys', 'add', 'devcorpuser', '--from-credentials-file'], { env: box.env, cwd: project });
  expect({ code: moved.code, stderr: moved.stderr }).toEqual({ code: 0, stderr: '' });
  const read = (): Report => {
    const text = fs.readFileSync(report, 'utf8');
    capture('the child report', 'stdout', text);
    return JSON.parse(text);
  };
  return { box, project, read };
}

function expectNothingUnlocked(report: Report): void {
  expect(report.names).not.toContain('AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE');
  expect(report.names).not.toContain('AMPLIFY_AWS_ROLES_MFA_CODE');
  // What the passphrase would have let it do: print the source profile's long-term secret.
  expect(report.credentials.code).not.toBe(0);
  expect(report.credentials.stdout).not.toContain(DEV_SECRET);
  expect(report.credentials.stderr).toMatch(/passphrase/);
}

describe('issue 25 item 1: no variable of ours that unlocks anything reaches a child', () => {
  test.each([
    ['exec', [] as string[], 'AWS_SESSION_TOKEN'],
    ['exec --server', ['--server'], 'AWS_CONTAINER_CREDENTIALS_FULL_URI'],
  ])(
    'item 1: the command %s runs gets neither the vault passphrase nor the MFA code, and cannot print the vault key',
    async (_name, flags, handedOver) => {
      const { box, project, read } = await vaultSandbox();
      const result = await runTool(['exec', '--profile', 'bizcorprole', ...flags, '--', process.execPath, REPORTER], {
        env: box.env,
        cwd: project,
        timeoutMs: 40_000,
      });
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      const report = read();
      expect(report.names).toContain(handedOver);
      expectNothingUnlocked(report);
      box.cleanup();
    },
    60_000,
  );

  test('item 1: the browser console starts gets neither the vault passphrase nor the MFA code', async () => {
    const { box, project, read } = await vaultSandbox();
    const federation = await standInFederation();
    try {
      const env = { ...box.env, AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT: federation.url, BROWSER: `${process.execPath} ${REPORTER}` };
      const result = await runTool(['console', '--profile', 'bizcorprole'], { env, cwd: project, timeoutMs: 40_000 });
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      // The opener is started detached and not waited for: its report comes when it is done.
      const deadline = Date.now() + 30_000;
      while (!fs.existsSync(box.path('report.json')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 200));
      expectNothingUnlocked(read());
    } finally {
      await federation.close();
      box.cleanup();
    }
  }, 60_000);
});
