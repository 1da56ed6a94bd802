import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { childOutput } from '../helpers/child';
import { ROOT } from '../helpers/cli';

// `npm run demo` writes bold banners on a terminal only: not into a pipe or file, and not with NO_COLOR set.
// The terminal is a real pseudo-terminal (util-linux `script`); each run starts its own moto, as the demo does: the
// demo's output is under test, not STS, so it keeps the moto the demo ships with (scripts/lib/moto.ts).
const DEMO = path.join(ROOT, 'dist', 'scripts', 'demo.js');
const ESC = '\x1b';

function demo(options: { terminal: boolean; env: NodeJS.ProcessEnv }) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NO_COLOR;
  Object.assign(env, options.env);
  const command = options.terminal
    ? ['script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(DEMO)}`, '/dev/null']]
    : [process.execPath, [DEMO]];
  const child = spawn(command[0] as string, command[1] as string[], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  return childOutput(child, 120000);
}

test('banners are bold on a terminal, and plain with NO_COLOR or when stdout is a pipe', async () => {
  if (!fs.existsSync(DEMO)) throw new Error(`${DEMO} is missing: run "npm run build" first (npm test does).`);
  const [piped, noColor, terminal] = await Promise.all([
    demo({ terminal: false, env: { TERM: 'xterm-256color' } }),
    demo({ terminal: true, env: { TERM: 'xterm-256color', NO_COLOR: '1' } }),
    demo({ terminal: true, env: { TERM: 'xterm-256color' } }),
  ]);
  for (const run of [piped, noColor, terminal]) {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('== done: one MFA code, one AssumeRole, two resolutions');
  }
  expect(piped.stdout).not.toContain(ESC);
  expect(noColor.stdout).not.toContain(ESC);
  // The same demo on a terminal without NO_COLOR: the check above would see colour codes if there were any.
  expect(terminal.stdout).toContain(`${ESC}[1m== done: one MFA code, one AssumeRole, two resolutions${ESC}[0m`);
}, 180000);
