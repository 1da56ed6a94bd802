import { spawn } from 'node:child_process';
import { childOutput } from '../../helpers/child';
import { runCli, type CliResult } from '../../helpers/cli';

/**
 * Every output a reliability test captures (the command line's stdout and stderr, child processes' output,
 * error messages) is kept here and scanned after each test for the secret keys and session tokens the test used.
 * Only the stdout of `credentials` may hold them: printing them is that command's job.
 */
interface Captured {
  label: string;
  stream: 'stdout' | 'stderr' | 'message';
  text: string;
  mayHoldSecrets: boolean;
}

const captured: Captured[] = [];
const secrets = new Set<string>();

export function rememberSecrets(...values: Array<string | undefined>): void {
  for (const value of values) if (value && value.length >= 8) secrets.add(value);
}

export function capture(label: string, stream: Captured['stream'], text: string, mayHoldSecrets = false): void {
  captured.push({ label, stream, text, mayHoldSecrets });
}

/** Where secrets appear that must not: "label (stream) holds secret abcd…". The secret itself is never printed. */
export function leaks(extraSecrets: string[] = []): string[] {
  const all = [...secrets, ...extraSecrets.filter((s) => s.length >= 8)];
  const found: string[] = [];
  for (const output of captured) {
    if (output.mayHoldSecrets) continue;
    for (const secret of all)
      if (output.text.includes(secret)) found.push(`${output.label} (${output.stream}) holds secret ${secret.slice(0, 4)}…`);
  }
  return found;
}

export function capturedCount(): number {
  return captured.length;
}

/** Call at the top of every reliability test file. `more` adds secrets known only at run time (issued by a fake STS). */
export function scanOutputsForSecrets(more: () => string[] = () => []): void {
  afterEach(() => {
    const found = leaks(more());
    captured.length = 0;
    expect(found).toEqual([]);
  });
}

/** Runs the built command line and captures its output for the scan. */
export async function runTool(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliResult> {
  const result = await runCli(args, options);
  const label = `amplify-aws-roles ${args.join(' ')}`;
  // Only a successful `credentials` may print secrets (its error output, like every other, may not).
  capture(label, 'stdout', result.stdout, args[0] === 'credentials' && result.code === 0);
  capture(label, 'stderr', result.stderr);
  return result;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node file args` (a test fixture) with a deadline, capturing its output for the scan. */
export function runNode(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ChildResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [file, ...args], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  return childOutput(child, options.timeoutMs ?? 60_000).then((output) => {
    capture(`node ${file.split('/').pop()} ${args.slice(1).join(' ')}`, 'stdout', output.stdout);
    capture(`node ${file.split('/').pop()}`, 'stderr', output.stderr);
    return { ...output, ms: Date.now() - started };
  });
}
