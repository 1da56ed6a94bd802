import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { makeSandbox } from '../helpers/sandbox';
import { seedCache } from '../helpers/seedCache';

// A corrupt cache file is moved aside whole, live credentials and all: "forget everything" must include those copies.
test('reset-cache --all also deletes the moved-aside corrupt copies, and says so', async () => {
  const sandbox = makeSandbox({
    '.aws/config': '[profile proc]\ncredential_process = /bin/false\n',
    'app/amplify/.config/project-config.json': '{}',
  });
  const seeded = seedCache({ env: sandbox.env, project: sandbox.path('app'), profile: 'proc' });
  const copy = path.join(seeded.store.dir, 'cache.json.corrupt-2026-11-28T12-00-00-000Z');
  fs.writeFileSync(copy, '{"amplify-aws-roles": {"version": 1, "projects": {"/x": {"p": {"secretAccessKey": "live-secret"', {
    mode: 0o600,
  });
  const bucketCopy = `${seeded.file}.corrupt-2026-11-28T12-00-00-000Z`;
  fs.writeFileSync(bucketCopy, '{"version": 1, "projects": {"/y": ', { mode: 0o600 });
  const result = await runCli(['reset-cache', '--all'], { env: sandbox.env });
  expect([result.code, result.stderr]).toEqual([0, '']);
  expect(result.stdout).toBe(
    'Removed 1 cached credential entry and 0 MFA sessions (all projects), and 2 moved-aside corrupt cache copies.\n',
  );
  expect(fs.existsSync(copy)).toBe(false);
  expect(fs.existsSync(bucketCopy)).toBe(false);
  expect(seeded.store.get(seeded.scope, 'proc')).toBeUndefined();
  sandbox.cleanup();
});
