import { fixedMfaCode, mfaCodeProvider, type MfaCodeRequest } from '../../../../src/prompts/mfaCode';
import {
  quietMfaCodeProvider,
  quietSecretAsker,
  withQuietTerminal,
  type QuietTerminalStreams,
} from '../../../../src/plugin/takeover/quietTerminal';

// Inside the Amplify CLI our prompts share the terminal with its spinners: while a person types, the ora spinner
// stands still and stdout redraws are held back; afterwards both go on. Fake streams and a fake spinner record it.

const REQUEST: MfaCodeRequest = { profile: 'biz', mfaSerial: 'arn:aws:iam::210987654321:mfa/dev', attempt: 1 };

function terminal(spinning = true) {
  const events: string[] = [];
  const spinner = { isSpinning: spinning, stop: () => events.push('spinner stop'), start: () => events.push('spinner start') };
  const streams: QuietTerminalStreams = {
    stdout: { write: (chunk: unknown) => (events.push(`stdout ${String(chunk)}`), true) },
    stderr: { write: (chunk: string) => (events.push(`stderr ${JSON.stringify(chunk)}`), true) },
  };
  return { events, spinner, streams, originalWrite: streams.stdout.write };
}

describe('withQuietTerminal', () => {
  test('a spinner that is not spinning is neither stopped nor started', async () => {
    const t = terminal(false);
    await withQuietTerminal(() => Promise.resolve(t.events.push('asked')), { spinner: t.spinner, streams: t.streams });
    expect(t.events).toEqual(['asked', 'stderr "\\n"']);
  });

  test('a held-back write still calls its callback, so a writer waiting on it goes on', async () => {
    const t = terminal();
    const called = await withQuietTerminal(
      () =>
        new Promise<boolean>((resolve) => {
          const accepted = t.streams.stdout.write('⠙ redraw', 'utf8', () => resolve(accepted));
        }),
      { spinner: t.spinner, streams: t.streams },
    );
    expect(called).toBe(true);
    expect(t.events).toEqual(['spinner stop', 'stderr "\\n"', 'spinner start']);
  }, 2000);

  test('when the prompt fails, stdout and the spinner are given back all the same and the error goes on', async () => {
    const t = terminal();
    await expect(
      withQuietTerminal(async () => Promise.reject(new Error('cancelled')), { spinner: t.spinner, streams: t.streams }),
    ).rejects.toThrow('cancelled');
    expect(t.streams.stdout.write).toBe(t.originalWrite);
    expect(t.events).toEqual(['spinner stop', 'stderr "\\n"', 'spinner start']);
  });
});

describe('quietMfaCodeProvider', () => {
  test('an interactive prompt runs with the terminal quiet, and stays interactive', async () => {
    const t = terminal();
    const asked = mfaCodeProvider((request) => {
      t.streams.stdout.write('spinner frame');
      t.events.push(`asked ${request.profile}`);
      return Promise.resolve('654321');
    }, true);
    const quiet = quietMfaCodeProvider(asked, { spinner: () => t.spinner, streams: t.streams });
    expect(quiet.interactive).toBe(true);
    expect(await quiet(REQUEST)).toBe('654321');
    expect(t.events).toEqual(['spinner stop', 'asked biz', 'stderr "\\n"', 'spinner start']);
  });

  test('fixed codes (--mfa-code, the environment) pass straight through: nothing stopped, nothing written', () => {
    const t = terminal();
    const fixed = fixedMfaCode('123456', '--mfa-code');
    expect(quietMfaCodeProvider(fixed, { spinner: () => t.spinner, streams: t.streams })).toBe(fixed);
    expect(t.events).toEqual([]);
  });

  test('the spinner is looked up when the prompt comes, not when the provider is made', async () => {
    const t = terminal();
    const cli: { spinner?: typeof t.spinner } = {};
    const quiet = quietMfaCodeProvider(
      mfaCodeProvider(() => Promise.resolve('111111'), true),
      { spinner: () => cli.spinner, streams: t.streams },
    );
    cli.spinner = t.spinner;
    await quiet(REQUEST);
    expect(t.events[0]).toBe('spinner stop');
  });
});

describe('quietSecretAsker', () => {
  test('the vault passphrase is asked with the terminal quiet; question and options reach the asker', async () => {
    const t = terminal();
    const seen: unknown[] = [];
    const asker = quietSecretAsker(
      (question, options) => {
        seen.push(question, options?.echo);
        t.streams.stdout.write('spinner frame');
        return Promise.resolve('passphrase');
      },
      { spinner: () => t.spinner, streams: t.streams },
    );
    expect(await asker('Vault passphrase: ', { echo: false })).toBe('passphrase');
    expect(seen).toEqual(['Vault passphrase: ', false]);
    expect(t.events).toEqual(['spinner stop', 'stderr "\\n"', 'spinner start']);
  });
});
