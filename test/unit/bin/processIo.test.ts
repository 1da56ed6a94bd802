import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

// The command line writes stdout straight to fd 1 (src/bin/processIo.ts) instead of through process.stdout.
// These run the built writer in a child process whose stdout is a pipe, as credential_process and $(...) have.
const PROCESS_IO = path.resolve(__dirname, '..', '..', '..', 'dist', 'src', 'bin', 'processIo.js');

function writerScript(bytes: number): string {
  return `const w = require(${JSON.stringify(PROCESS_IO)}).fdWriter(1);
const line = 'x'.repeat(99) + '\\n';
let ok = true;
for (let i = 0; i < ${bytes / 100}; i++) ok = w.write(line) && ok;
process.stderr.write(ok ? 'all written' : 'reader gone');`;
}

describe('fdWriter (stdout without node:stream)', () => {
  test('4 MB through a pipe whose reader is slow arrive whole and in order', async () => {
    const child = spawn(process.execPath, ['-e', writerScript(4_000_000)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Read slowly at first so the pipe fills and the writer has to wait.
    child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stdout.resume();
    const code = await new Promise((resolve) => child.on('close', resolve));
    const text = Buffer.concat(chunks).toString('latin1');
    expect(code).toBe(0);
    expect(stderr).toBe('all written');
    expect(text.length).toBe(4_000_000);
    expect(text).toBe(('x'.repeat(99) + '\n').repeat(40_000));
  });

  test('a non-blocking pipe (shared with a parent that made it so) is waited on, not given up on', () => {
    // Node's own parents hand out blocking pipes; Python can make one non-blocking (EAGAIN when full).
    const parent = `
import os, subprocess, sys, time
r, w = os.pipe()
os.set_blocking(w, False)
child = subprocess.Popen([sys.argv[1], '-e', os.environ['SCRIPT']], stdout=w, stderr=subprocess.PIPE)
os.close(w)
time.sleep(0.3)
data = b''
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    data += chunk
err = child.stderr.read().decode()
print(child.wait(), len(data), data == (b'x' * 99 + b'\\n') * 20000, err)
`;
    const result = spawnSync('python3', ['-c', parent, process.execPath], {
      env: { ...process.env, SCRIPT: writerScript(2_000_000) },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('0 2000000 True all written\n');
  });

  test('a reader that goes away (| head -c 10) ends the writing quietly, exit 0', () => {
    const result = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" -e "$SCRIPT" | head -c 10 >/dev/null; echo "exit ${'${PIPESTATUS[0]}'}"`],
      {
        env: { ...process.env, SCRIPT: writerScript(4_000_000) },
        encoding: 'utf8',
      },
    );
    expect(result.stdout).toBe('exit 0\n');
    expect(result.stderr).toBe('reader gone');
  });

  test('write(text, callback) calls back after the text is out, as a stream would', () => {
    const script = `const w = require(${JSON.stringify(PROCESS_IO)}).fdWriter(1); w.write('one\\n', () => w.write('after\\n')); w.write('two\\n', 'utf8', () => w.write('last\\n'));`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.stdout).toBe('one\ntwo\nafter\nlast\n');
  });

  test('a string with multi-byte characters is written as UTF-8', () => {
    const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(PROCESS_IO)}).fdWriter(1).write('profile «prod» ✓\\n')`], {
      encoding: 'utf8',
    });
    expect(result.stdout).toBe('profile «prod» ✓\n');
  });
});
