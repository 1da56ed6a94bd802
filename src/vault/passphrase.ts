import type { Readable, Writable } from 'node:stream';
import { ToolError } from '../errors';
import type { SecretAsker } from '../prompts/secretInput';
import type { PassphraseSource } from './vaultPassphrase';

/**
 * The file vault's passphrase: AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE for automation, else asked on the terminal with
 * the MFA code's rules (stderr, or /dev/tty when we run as a credential_process), never echoed and never stored.
 * Asked at most once per process.
 */
export const PASSPHRASE_ENV = 'AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE';

export function passphraseSource(options: {
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  stderr: Writable;
  asker?: SecretAsker;
}): PassphraseSource {
  let remembered: string | undefined;
  return async ({ profile, confirm }) => {
    const fromEnv = options.env[PASSPHRASE_ENV];
    if (fromEnv) return fromEnv;
    if (remembered !== undefined) return remembered;
    const ask =
      options.asker ?? (require('../prompts/secretInput') as typeof import('../prompts/secretInput')).terminalSecretAsker(options);
    const cancelled = () =>
      new ToolError('PromptCancelled', `No vault passphrase was entered for profile "${profile}"; the prompt was cancelled.`);
    const answer = await ask(
      confirm ? `New vault passphrase (for the keys of profile "${profile}")` : `Vault passphrase (for the keys of profile "${profile}")`,
      { cancelled },
    );
    if (answer === undefined) {
      throw new ToolError(
        'VaultPassphraseRequired',
        `The keys of profile "${profile}" are in the encrypted vault file and there is no terminal to ask for its passphrase.`,
        {
          resolution: `Run the command in a terminal, or set ${PASSPHRASE_ENV} for automation.`,
        },
      );
    }
    if (answer === '')
      throw new ToolError('VaultPassphraseRequired', `No vault passphrase was entered for profile "${profile}"; nothing was changed.`);
    if (confirm) {
      const again = await ask('The same passphrase again', { cancelled });
      if (again !== answer)
        throw new ToolError('VaultPassphraseMismatch', 'The two passphrases differ; nothing was stored.', { exitCode: 2 });
    }
    remembered = answer;
    return answer;
  };
}
