import { gatherFacts } from '../../../src/doctor/gatherFacts';
import { vaultCheck } from '../../../src/doctor/vaultChecks';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

// The Amplify CLI runs a project's pre-command hooks before it loads any plugin, with its whole environment (shown in
// the real CLI by test/e2e/amplify-init.e2e.ts): an exported vault passphrase is theirs to read. doctor says so.
describe("doctor vault check: an exported passphrase and the project's pre-command hooks", () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = makeSandbox({
      '.aws/config': '[profile dev]\nregion = us-east-1\n',
      'app/amplify/.config/project-config.json': '{}',
      'app/amplify/hooks/README.md': 'hooks\n',
      'app/amplify/hooks/post-push.js': '\n',
    });
  });
  afterEach(() => sandbox.cleanup());

  const check = (env: NodeJS.ProcessEnv, root = sandbox.path('app')) =>
    vaultCheck(gatherFacts({ env: { ...sandbox.env, AMPLIFY_AWS_ROLES_VAULT_BACKEND: 'file', ...env }, profile: 'dev' }, 'linux'), false, {
      kind: 'project',
      root,
    });

  test('a pre-push hook and the passphrase exported: a warning naming the variable and the hook, never the passphrase', () => {
    sandbox.write('app/amplify/hooks/pre-push.js', '\n');
    sandbox.write('app/amplify/hooks/pre-add-function.sh', '\n');
    const outcome = check({ AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: 'the passphrase itself' });
    expect(outcome).toEqual({
      status: 'warn',
      message: expect.stringMatching(
        /^The vault .* holds keys for 0 profiles; .*\. AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE is set, and this project's amplify\/hooks\/pre-add-function\.sh, amplify\/hooks\/pre-push\.js \(run by the Amplify CLI before it loads any plugin\) can read it\.$/,
      ),
      fix: 'Unset AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE in the shell that runs amplify and type the passphrase at the prompt, or read those hooks first.',
    });
    expect(JSON.stringify(outcome)).not.toContain('the passphrase itself');
  });

  test('no warning without the variable, with only post-command hooks, or outside a project', () => {
    sandbox.write('app/amplify/hooks/pre-push.js', '\n');
    expect(check({ AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: undefined }).status).toBe('pass');
    expect(check({ AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: 'x' }, sandbox.path('elsewhere')).status).toBe('pass');
    sandbox.cleanup();
    sandbox = makeSandbox({ 'app/amplify/hooks/post-push.js': '\n' });
    expect(check({ AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: 'x' }).status).toBe('pass');
  });
});
