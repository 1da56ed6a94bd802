import { spawn } from 'node:child_process';
import { ToolError } from '../errors';
import { withoutCredentialSources } from '../resolve/credentialVariables';

/** The browser command: $BROWSER (the URL is its last argument), else the platform's opener. */
function opener(env: NodeJS.ProcessEnv, url: string): { command: string; args: string[] } {
  const browser = env.BROWSER?.trim();
  if (browser) {
    const [command, ...args] = browser.split(/\s+/);
    return { command, args: [...args, url] };
  }
  if (process.platform === 'darwin') return { command: 'open', args: [url] };
  // rundll32 takes the URL as one argument; "cmd /c start" would split it at every "&".
  if (process.platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

/** Hands the URL to the browser and returns once the opener has started (or fails with a sentence naming it). */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { command, args } = opener(env, url);
  return new Promise((resolve, reject) => {
    // What the browser may see: our environment without anything that unlocks keys or carries credentials.
    const child = spawn(command, args, { env: withoutCredentialSources(env), stdio: 'ignore', detached: true });
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new ToolError('BrowserNotOpened', `Could not open a browser with "${command}" (${error.code ?? error.message}).`, {
          resolution: "Set BROWSER to your browser's command, or run again with --print to print the sign-in URL.",
        }),
      ),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
