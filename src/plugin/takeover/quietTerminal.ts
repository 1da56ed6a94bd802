import type { MfaCodeProvider } from '../../prompts/mfaCode';
import { mfaCodeProvider } from '../../prompts/mfaCode';
import type { SecretAsker } from '../../prompts/secretInput';

/**
 * Inside the Amplify CLI our MFA prompt shares the terminal with its spinners: the CLI's ora spinner (stderr) clears
 * the line it stands on at every frame, and AmplifySpinner (stdout) redraws the line above every 50 ms. While a person
 * types a code, the ora spinner is stopped and every other write to stdout is held back; both go on afterwards.
 */
export interface CliSpinner {
  isSpinning: boolean;
  stop(): unknown;
  start(): unknown;
}

export interface QuietTerminalStreams {
  stdout: { write: (...args: unknown[]) => boolean };
  stderr: { write: (chunk: string) => boolean };
}

export async function withQuietTerminal<T>(
  run: () => Promise<T>,
  options: { spinner?: CliSpinner; streams?: QuietTerminalStreams } = {},
): Promise<T> {
  const streams = options.streams ?? (process as unknown as QuietTerminalStreams);
  const spinner = options.spinner;
  const resume = spinner?.isSpinning === true;
  if (resume) spinner.stop();
  const write = streams.stdout.write;
  streams.stdout.write = (...args: unknown[]) => {
    const callback = args.find((arg): arg is () => void => typeof arg === 'function');
    if (callback) process.nextTick(callback);
    return true;
  };
  try {
    return await run();
  } finally {
    streams.stdout.write = write;
    // A blank line for the spinner to redraw over, so the answered prompt stays on the screen.
    streams.stderr.write('\n');
    if (resume) spinner.start();
  }
}

/** An MFA code provider whose prompts run with the CLI's spinners held back; fixed codes pass straight through. */
export function quietMfaCodeProvider(
  provider: MfaCodeProvider,
  options: { spinner?: () => CliSpinner | undefined; streams?: QuietTerminalStreams } = {},
): MfaCodeProvider {
  if (!provider.interactive) return provider;
  return mfaCodeProvider(
    (request) => withQuietTerminal(() => provider(request), { spinner: options.spinner?.(), streams: options.streams }),
    true,
  );
}

/** The vault passphrase asked the same way: with the CLI's spinners held back, or it is drawn over and never seen. */
export function quietSecretAsker(
  asker: SecretAsker,
  options: { spinner?: () => CliSpinner | undefined; streams?: QuietTerminalStreams } = {},
): SecretAsker {
  return (question, askOptions) =>
    withQuietTerminal(() => asker(question, askOptions), { spinner: options.spinner?.(), streams: options.streams });
}
