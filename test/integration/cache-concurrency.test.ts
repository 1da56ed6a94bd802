import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProjectCacheStore } from '../../src/cache';
import { makeSandbox } from '../helpers/sandbox';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'cache-resolver.js');

function runChild(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [FIXTURE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('processes sharing the cache', () => {
  test('8 concurrent processes resolving the same project and profile make one provider call and share its result', async () => {
    const sandbox = makeSandbox({ 'app/amplify/.config/project-config.json': '{}' });
    const counter = sandbox.path('calls.txt');
    const results = await Promise.all(Array.from({ length: 8 }, () => runChild([sandbox.home, sandbox.path('app'), 'biz', counter, '800'])));
    for (const r of results) expect(r.stderr).toBe('');
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1);
    const outcomes = results.map((r) => JSON.parse(r.stdout));
    expect(new Set(outcomes.map((o) => o.key)).size).toBe(1);
    expect(outcomes.filter((o) => !o.fromCache)).toHaveLength(1);
    sandbox.cleanup();
  });

  test('a resolve lock left by a killed process does not block the next one', async () => {
    const sandbox = makeSandbox({ 'app/amplify/.config/project-config.json': '{}' });
    const counter = sandbox.path('calls.txt');
    const child = spawn(process.execPath, [FIXTURE, sandbox.home, sandbox.path('app'), 'biz', counter, '60000'], { stdio: 'ignore' });
    const store = new ProjectCacheStore({ home: sandbox.home });
    const deadline = Date.now() + 10000;
    while (!(fs.existsSync(counter) && fs.readdirSync(store.dir).some((f) => f.startsWith('resolve-')))) {
      if (Date.now() > deadline) throw new Error('the child never took the lock');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const started = Date.now();
    const next = await runChild([sandbox.home, sandbox.path('app'), 'biz', counter, '10']);
    expect(next.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(JSON.parse(next.stdout).fromCache).toBe(false);
    sandbox.cleanup();
  });
});
