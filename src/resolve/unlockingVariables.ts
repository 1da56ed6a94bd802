import { MFA_CODE_ENV } from '../prompts/mfaCode';
import { PASSPHRASE_ENV } from '../vault/passphrase';

/**
 * Variables of ours that unlock something: the vault passphrase opens every long-term key in the file vault, an MFA
 * code completes a role's second factor. They are meant for this process only; a child (the command `exec` runs, a
 * browser, a profile's credential_process) that saw them could run `amplify-aws-roles credentials` and print the
 * long-term secret. Here, beside the credential_process that needs it, so that exec and console import it downwards.
 */
export const UNLOCKING_VARIABLES: readonly string[] = [PASSPHRASE_ENV, MFA_CODE_ENV];

/** A copy of `env` without the unlocking variables. */
export function withoutUnlockingVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy: NodeJS.ProcessEnv = { ...env };
  for (const name of UNLOCKING_VARIABLES) delete copy[name];
  return copy;
}
