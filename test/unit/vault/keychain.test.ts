import { keychainLocked, keychainRefused, type KeychainApi } from '../../../src/vault/keychain';
import { SourceKeyVault } from '../../../src/vault/vaultStore';
import { makeSandbox } from '../../helpers/sandbox';
import { toolErrorOf } from '../../helpers/toolError';

// What @napi-rs/keyring throws, word for word, as gnome-keyring and macOS answer (the Linux ones seen against the real
// daemon in test/reliability/keychain.reliability.ts): a locked keychain is told apart from a missing one.
const LOCKED_ANSWERS = [
  'zbus error: org.freedesktop.Secret.Error.IsLocked: Cannot get secret of a locked object',
  "Couldn't access platform storage: Secret Service: unlock prompt was dismissed",
  'Platform secure storage failure: User interaction is not allowed.',
];
const MISSING_ANSWERS = [
  'zbus error: Failed to connect to address `unix:path=/run/user/0/bus`: No such file or directory (os error 2)',
  "Couldn't access platform storage: AccessDenied",
];

function keychainThatThrows(message: string): () => KeychainApi {
  const fail = (): never => {
    throw keychainRefused('answer', new Error(message));
  };
  return () => ({ probe: fail, get: fail, set: fail, delete: fail });
}

test.each(LOCKED_ANSWERS)('a locked keychain ("%s") is one sentence naming it and what to do', (answer) => {
  const error = keychainRefused('read the keys of profile "dev"', new Error(answer));
  expect(error.code).toBe('KeychainLocked');
  expect(error.message).toMatch(
    /^The OS keychain \((Secret Service|macOS Keychain|Windows Credential Manager|OS keychain)\) is locked: unlock it, then run the command again\.$/,
  );
});

test.each(MISSING_ANSWERS)('a keychain that is not there ("%s") is not called locked', (answer) => {
  expect(keychainRefused('answer', new Error(answer)).code).toBe('KeychainUnavailable');
});

test('the sentence names the keychain of the platform and how to unlock it', () => {
  expect(keychainLocked('linux').message).toBe('The OS keychain (Secret Service) is locked: unlock it, then run the command again.');
  expect(keychainLocked('linux').resolution).toContain('gnome-keyring-daemon --replace --unlock');
  expect(keychainLocked('darwin').message).toBe('The OS keychain (macOS Keychain) is locked: unlock it, then run the command again.');
  expect(keychainLocked('darwin').resolution).toContain('security unlock-keychain');
});

test('auto: a missing keychain falls back to the file, a locked one stops (the keys must not slip into a file)', () => {
  const sandbox = makeSandbox();
  const vault = (answer: string) =>
    new SourceKeyVault({ home: sandbox.home, env: {}, passphrase: async () => 'p', keychain: keychainThatThrows(answer) });
  try {
    expect(vault(MISSING_ANSWERS[0]).chooseBackend().backend).toBe('file');
    expect(toolErrorOf(() => vault(LOCKED_ANSWERS[0]).chooseBackend()).code).toBe('KeychainLocked');
    expect(toolErrorOf(() => vault(LOCKED_ANSWERS[0]).chooseBackend('keychain')).code).toBe('KeychainLocked');
    expect(vault(LOCKED_ANSWERS[0]).chooseBackend('file').backend).toBe('file');
  } finally {
    sandbox.cleanup();
  }
});
