import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A real pseudo-terminal driven the way a person uses it: tmux runs the command in a pane,
 * `type` sends keys, `screen` reads what is shown. Each pane gets its own tmux server socket.
 */
export interface TerminalSession {
  type(text: string, enter?: boolean): void;
  /** Presses keys by tmux name (Down, Up, Space, Enter, C-c). */
  press(...keys: string[]): void;
  screen(): string;
  /** Whether the terminal shows its cursor (a spinner hides it; a program that ends must show it again). */
  cursorVisible(): boolean;
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Resolves with the command's exit code once it has ended. */
  exitCode(timeoutMs?: number): Promise<number>;
  kill(): void;
}

function tmux(socket: string, args: string[]): string {
  return execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function startTerminal(
  command: string,
  options: { env: NodeJS.ProcessEnv; cwd: string; width?: number; height?: number },
): TerminalSession {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-tmux-'));
  const socket = path.join(dir, 'socket');
  const exitFile = path.join(dir, 'exit');
  const script = path.join(dir, 'run.sh');
  const exports = Object.entries(options.env)
    .filter(([key, value]) => value !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
    .map(([key, value]) => `export ${key}=${shellQuote(String(value))}`)
    .join('\n');
  fs.writeFileSync(script, `${exports}\ncd ${shellQuote(options.cwd)}\n${command}\necho $? > ${shellQuote(exitFile)}\nsleep 600\n`);
  tmux(socket, [
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-s',
    'main',
    '-x',
    String(options.width ?? 250),
    '-y',
    String(options.height ?? 40),
    `bash --noprofile --norc ${shellQuote(script)}`,
  ]);
  const session: TerminalSession = {
    type(text, enter = true) {
      tmux(socket, ['send-keys', '-t', 'main', '-l', text]);
      if (enter) tmux(socket, ['send-keys', '-t', 'main', 'Enter']);
    },
    press(...keys) {
      tmux(socket, ['send-keys', '-t', 'main', ...keys]);
    },
    screen() {
      return tmux(socket, ['capture-pane', '-p', '-t', 'main', '-S', '-200']);
    },
    cursorVisible() {
      return tmux(socket, ['display-message', '-p', '-t', 'main', '#{cursor_flag}']).trim() === '1';
    },
    async waitFor(pattern, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = session.screen();
        if (typeof pattern === 'string' ? last.includes(pattern) : pattern.test(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${pattern} on the terminal; screen was:\n${last}`);
    },
    async exitCode(timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (fs.existsSync(exitFile)) {
          const text = fs.readFileSync(exitFile, 'utf8').trim();
          if (text) return Number(text);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the command in the terminal did not finish; screen was:\n${session.screen()}`);
    },
    kill() {
      try {
        tmux(socket, ['kill-server']);
      } catch {
        /* already gone */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return session;
}
