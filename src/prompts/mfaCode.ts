import { ToolError } from '../errors';

/** What the person is asked for: enough to recognise the role and the MFA device. */
export interface MfaCodeRequest {
  profile: string;
  roleArn?: string;
  mfaSerial: string;
  /** 1 for the first ask; higher after STS rejected a code. */
  attempt: number;
  /** Why we ask again (e.g. "STS rejected the last code"). */
  reason?: string;
}

/** Supplies one MFA code per call. `interactive` providers may be asked again after a rejected code. */
export interface MfaCodeProvider {
  (request: MfaCodeRequest): Promise<string>;
  interactive: boolean;
  /** Where a fixed code came from ("--mfa-code", AMPLIFY_AWS_ROLES_MFA_CODE), for messages. */
  source?: string;
}

export function mfaCodeProvider(ask: (request: MfaCodeRequest) => Promise<string>, interactive: boolean, source?: string): MfaCodeProvider {
  return Object.assign(ask, { interactive }, source ? { source } : {});
}

export const MFA_CODE_ENV = 'AMPLIFY_AWS_ROLES_MFA_CODE';
export const MAX_MFA_ATTEMPTS = 3;

export function isValidMfaCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

export function describeMfaRequest(request: MfaCodeRequest): string {
  const role = request.roleArn ? ` to assume ${request.roleArn}` : '';
  return `MFA code for profile "${request.profile}"${role} (device ${request.mfaSerial})`;
}

/** A code given on the command line or in AMPLIFY_AWS_ROLES_MFA_CODE: checked once, never re-asked. */
export function fixedMfaCode(code: string, source: string): MfaCodeProvider {
  const trimmed = code.trim();
  if (!isValidMfaCode(trimmed)) {
    throw new ToolError('InvalidMfaCodeFormat', `The MFA code given by ${source} must be exactly 6 digits.`, {
      resolution: 'Pass the current 6-digit code shown by your MFA device.',
      exitCode: 2,
    });
  }
  return mfaCodeProvider(async () => trimmed, false, source);
}

/**
 * Says `sentence` once, just before the first code is asked for (or found missing, when nobody can be asked): the
 * reason for a prompt the person would not expect.
 */
export function sayingFirst(provider: MfaCodeProvider, sentence: string, say: (message: string) => void): MfaCodeProvider {
  let said = false;
  return mfaCodeProvider(async (request) => {
    if (!said) {
      said = true;
      say(sentence);
    }
    return provider(request);
  }, provider.interactive);
}

/** Used when nobody can be asked: fails with how to pass a code. */
export function noTerminalMfaCode(): MfaCodeProvider {
  return mfaCodeProvider(async (request: MfaCodeRequest) => {
    throw new ToolError(
      'MfaCodeRequired',
      `Profile "${request.profile}" needs an MFA code (device ${request.mfaSerial}) and there is no terminal to ask for it.`,
      {
        resolution: `Pass --mfa-code CODE or set ${MFA_CODE_ENV}=CODE.`,
      },
    );
  }, false);
}
