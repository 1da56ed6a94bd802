import { runCli } from '../../helpers/cli';
import { makeSandbox } from '../../helpers/sandbox';
import { setupRoleArgs } from '../../helpers/walkthrough';

// Issue 23, found while following the README's walkthrough: after --keys-to-vault stored the user's keys, the summary
// still showed a ~/.aws/credentials snippet and told the user to put the keys there.
test('setup-role --keys-to-vault: no credentials-file snippet, and the next step is doctor', async () => {
  const sandbox = makeSandbox();
  try {
    const env = {
      ...sandbox.env,
      AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: 'summary passphrase',
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
    };
    const base = [...setupRoleArgs('deployer'), '--no-mfa', '--write-config'];
    const stored = await runCli([...base, '--keys-to-vault', '--keys-stdin'], {
      env,
      cwd: sandbox.home,
      input: 'AKIASUMMARYTEST00001\nsummary-secret\n',
    });
    expect([stored.code, stored.stderr]).toEqual([0, '']);
    expect(stored.stdout).not.toContain('~/.aws/credentials:');
    expect(stored.stdout).not.toMatch(/put the access keys in ~\/\.aws\/credentials/);
    expect(stored.stdout).toContain('  - Dev Corp user: check the whole setup with: amplify-aws-roles doctor --profile bizcorprole');
    const plain = await runCli(base, { env, cwd: sandbox.home });
    expect(plain.stdout).toContain('~/.aws/credentials:');
    expect(plain.stdout).toContain(
      '  - Dev Corp user: put the access keys in ~/.aws/credentials as [devcorpuser], then check with: amplify-aws-roles whoami --profile bizcorprole',
    );
  } finally {
    sandbox.cleanup();
  }
});
