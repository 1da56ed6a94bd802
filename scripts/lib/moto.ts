/**
 * Starts moto's server (a real STS/IAM-compatible endpoint) on a free loopback port, for the demo,
 * the benchmark and the tests. moto cannot be installed from here: when no interpreter can import it,
 * this fails loudly instead of skipping.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface RecordedRequest {
  action: string;
  params: Record<string, string>;
  /** Access key id from the SigV4 Authorization header (who signed the call). */
  accessKeyId?: string;
  /** The raw query-string body, for scanning. */
  body: string;
}

export interface MotoServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** All AWS API requests recorded since start (or the last resetRecording), oldest first. */
  requests(): Promise<RecordedRequest[]>;
  resetRecording(): Promise<void>;
  /** moto's own state (`/moto-api/data.json`). */
  data(): Promise<Record<string, Record<string, unknown>>>;
  /** Forgets all state (roles, users, assumed roles) and the recording. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function canImportMoto(python: string): boolean {
  try {
    execFileSync(python, ['-c', 'import moto.server'], { stdio: 'ignore', timeout: 30000 });
    return true;
  } catch {
    return false;
  }
}

/** The interpreter that can `import moto.server`: MOTO_PYTHON, python3 on PATH, then pyenv's under the home folder. */
export function findMotoPython(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME && fs.existsSync(path.join(env.HOME, '.pyenv')) ? env.HOME : os.userInfo().homedir;
  const pyenvRoot = env.PYENV_ROOT ?? path.join(home, '.pyenv');
  const candidates = [env.MOTO_PYTHON, 'python3', path.join(pyenvRoot, 'shims', 'python3')];
  try {
    for (const version of fs.readdirSync(path.join(pyenvRoot, 'versions')).sort().reverse()) {
      candidates.push(path.join(pyenvRoot, 'versions', version, 'bin', 'python3'));
    }
  } catch {
    /* no pyenv versions */
  }
  candidates.push('/usr/local/bin/python3', '/usr/bin/python3');
  for (const candidate of candidates) {
    if (candidate && canImportMoto(candidate)) return candidate;
  }
  throw new Error(
    `moto is not available: none of ${candidates.filter(Boolean).join(', ')} can "import moto.server". ` +
      'The tests and the demo need the moto STS server that this machine image ships in its pyenv Python; set MOTO_PYTHON to an interpreter that has it.',
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Thrown when the port picked was taken (by another test's server) before moto bound it: start again on another. */
class PortTaken extends Error {}

async function waitForServer(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const text = log();
      if (/Address already in use|is in use by another program/.test(text)) throw new PortTaken(text.slice(-500));
      throw new Error(`moto server exited with code ${child.exitCode}: ${text.slice(-2000)}`);
    }
    try {
      // Only once our child says it serves there: another server that took the port meanwhile may answer too.
      const response = log().includes(`Running on ${url}`) ? await fetch(`${url}/moto-api/data.json`) : undefined;
      if (response?.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto server did not answer at ${url} within ${timeoutMs} ms: ${log().slice(-2000)}`);
}

function parseRecording(text: string): RecordedRequest[] {
  const requests: RecordedRequest[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { headers: Record<string, string>; method: string; url: string; body: string; body_encoded: boolean };
    if (entry.url.includes('/moto-api/')) continue;
    const body = entry.body_encoded ? Buffer.from(entry.body, 'base64').toString('utf8') : entry.body;
    const params = Object.fromEntries(new URLSearchParams(body));
    const auth = entry.headers.Authorization ?? entry.headers.authorization ?? '';
    const match = /Credential=([^/]+)\//.exec(auth);
    requests.push({ action: params.Action ?? '', params, accessKeyId: match?.[1], body });
  }
  return requests;
}

export interface StartMotoOptions {
  initialNoAuthActionCount?: number;
  timeoutMs?: number;
  /** The port to try first (a test of the retry); a free one otherwise. */
  port?: number;
}

export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  // The free port is closed before moto binds it (1-3 s later, Python starting), so a server another test worker starts
  // meanwhile may take it: then again, on another port.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startMotoOnce(options, attempt === 1 ? options.port : undefined);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 3) throw error;
    }
  }
}

async function startMotoOnce(options: StartMotoOptions, wanted: number | undefined): Promise<MotoServer> {
  const python = findMotoPython();
  const port = wanted ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-moto-'));
  const recording = path.join(workDir, 'recording.jsonl');
  const env: NodeJS.ProcessEnv = { ...process.env, MOTO_RECORDER_FILEPATH: recording };
  for (const key of Object.keys(env)) if (key.startsWith('AWS_')) delete env[key];
  if (options.initialNoAuthActionCount !== undefined) env.INITIAL_NO_AUTH_ACTION_COUNT = String(options.initialNoAuthActionCount);
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: workDir,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d) => {
    log = (log + d).slice(-20000);
  });
  child.unref();
  (child.stderr as unknown as { unref?: () => void })?.unref?.();
  try {
    await waitForServer(url, child, () => log, options.timeoutMs ?? 30000);
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  const post = async (p: string) => {
    const response = await fetch(`${url}${p}`, { method: 'POST' });
    await response.text();
  };
  await post('/moto-api/recorder/start-recording');
  const server: MotoServer = {
    url,
    port,
    process: child,
    async requests() {
      const response = await fetch(`${url}/moto-api/recorder/download-recording`);
      return parseRecording(await response.text());
    },
    async resetRecording() {
      await post('/moto-api/recorder/reset-recording');
      await post('/moto-api/recorder/start-recording');
    },
    async data() {
      const response = await fetch(`${url}/moto-api/data.json`);
      return (await response.json()) as Record<string, Record<string, unknown>>;
    },
    async reset() {
      await post('/moto-api/reset');
      await server.resetRecording();
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
  return server;
}
