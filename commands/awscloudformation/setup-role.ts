import type { CommandModule, Invocation } from '../../src/cli/invocation';
import { stringOption } from '../../src/cli/resolveOptions';
import { categoryNames } from '../../src/iam/categoryActions';
import { iamTarget, sdkIamApi } from '../../src/iam/iamApi';
import { enquirerSetupPrompter } from '../../src/iam/setupPrompter';
import { runRoleSetup, SETUP_ROLE_MARKER } from '../../src/iam/setupRole';
import { formatSetupSummary, setupOutcomeJson } from '../../src/iam/setupSummary';
import { resolveProfileCredentials } from '../../src/resolve';
import { callerIdentity } from '../../src/resolve/callerIdentity';
import { homeDirectory } from '../../src/config/fileLocations';
import { maskKeyId } from '../../src/credentials';
import { write } from '../../src/output/writeLine';

export const command: CommandModule = {
  name: 'setup-role',
  summary: "Plan (and optionally create) Biz Corp's cross-account role, Dev Corp's policy and the role profile",
  options: {
    'dev-account': { type: 'string', value: 'ID', description: "Dev Corp's 12-digit account id (whose users assume the role)" },
    'biz-account': {
      type: 'string',
      value: 'ID',
      description: "Biz Corp's 12-digit account id (where the role lives; --apply-biz learns it)",
    },
    'role-name': { type: 'string', value: 'NAME', description: 'Name of the role in Biz Corp' },
    'external-id': { type: 'string', value: 'ID', description: 'External id the trust policy requires; "auto" generates a strong one' },
    mfa: { type: 'boolean', description: 'Require MFA to assume the role (the default); --no-mfa does not' },
    'mfa-serial': {
      type: 'string',
      value: 'ARN',
      description: "The Dev Corp user's MFA device (default: arn:aws:iam::<dev-account>:mfa/<dev-user>)",
    },
    categories: {
      type: 'string',
      value: 'LIST',
      description: `Permissions: core plus these categories (${categoryNames().join(', ')}); default: the project's, else all`,
    },
    project: {
      type: 'string',
      value: 'DIR',
      description: 'Amplify project whose categories to use (default: found from the working directory)',
    },
    'biz-profile': { type: 'string', value: 'NAME', description: 'Name of the role profile (default bizcorprole)' },
    'dev-profile': {
      type: 'string',
      value: 'NAME',
      description: "Name of the Dev Corp user's key profile, the source_profile (default devcorpuser)",
    },
    region: { type: 'string', value: 'REGION', description: 'Region of the role profile (default: AWS_REGION, else us-east-1)' },
    'dev-user': { type: 'string', value: 'NAME', description: 'The Dev Corp IAM user who will assume the role' },
    trust: { type: 'string', value: 'WHO', description: "account (default: Dev Corp's account root) or user (only --dev-user)" },
    'require-source-identity': {
      type: 'boolean',
      description:
        'The trust policy requires a source identity (sts:SetSourceIdentity); the role profile sets source_identity to --dev-user',
    },
    'dev-policy-name': { type: 'string', value: 'NAME', description: "Name of Dev Corp's policy (default <role-name>-assume)" },
    'max-session-duration': {
      type: 'string',
      value: 'SECONDS',
      description: "The role's maximum session duration, 3600 to 43200 (IAM's default for a new role: 3600)",
    },
    'duration-seconds': {
      type: 'string',
      value: 'SECONDS',
      description: 'duration_seconds of the role profile, 900 to 43200 (default: none, 3600 s)',
    },
    out: { type: 'string', value: 'DIR', description: 'Write the policies and config/credentials snippets to this folder' },
    'apply-biz': { type: 'boolean', description: "Create the role and its policies in Biz Corp with --profile's credentials" },
    'apply-dev': { type: 'boolean', description: "Create Dev Corp's policy and attach it to --dev-user with --profile's credentials" },
    profile: { type: 'string', value: 'NAME', description: 'Administrator profile for --apply-biz / --apply-dev' },
    'mfa-code': { type: 'string', value: 'CODE', description: 'MFA code for --profile, when that profile needs one' },
    'keys-to-vault': {
      type: 'boolean',
      description:
        "Store the Dev Corp user's access keys (--dev-profile) in the vault, not in ~/.aws/credentials: asked on the terminal, or moved when they are already in the file",
    },
    'keys-stdin': {
      type: 'boolean',
      description: 'With --keys-to-vault: read the access key id and secret as two lines of standard input',
    },
    backend: { type: 'string', value: 'NAME', description: 'With --keys-to-vault: vault backend keychain, file or auto' },
    'write-config': {
      type: 'boolean',
      description: 'Add the role profile to ~/.aws/config (AWS_CONFIG_FILE): backup kept, other lines untouched',
    },
    json: { type: 'boolean', description: 'Print the outcome as JSON' },
  },
  details: `Every value is checked before anything is written or created. Prompts appear only on a terminal.
IAM actions the --apply steps need: --apply-biz: iam:GetRole, iam:CreateRole, iam:GetRolePolicy, iam:PutRolePolicy
(and iam:UpdateRole when --max-session-duration changes an existing role);
--apply-dev: iam:GetUser, iam:GetPolicy, iam:GetPolicyVersion, iam:CreatePolicy, iam:AttachUserPolicy.
Endpoints: AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_STS.
Examples:
  amplify-aws-roles setup-role --dev-account 210987654321 --biz-account 123456789012 --role-name amplify-deployer \\
    --external-id auto --dev-user dev-user --categories auth,api,storage --out ./role-setup
  amplify-aws-roles setup-role ... --apply-biz --profile bizadmin
  amplify-aws-roles setup-role ... --apply-dev --profile devadmin --write-config`,
  async run(invocation) {
    const { stdin, stderr, env, cwd } = invocation;
    const onTerminal =
      invocation.interactive && (stdin as { isTTY?: boolean }).isTTY === true && (stderr as { isTTY?: boolean }).isTTY === true;
    const profile = stringOption(invocation, 'profile');
    const outcome = await runRoleSetup(
      {
        flags: invocation.options,
        env,
        cwd,
        out: stringOption(invocation, 'out'),
        applyBiz: invocation.options['apply-biz'] === true,
        applyDev: invocation.options['apply-dev'] === true,
        profile,
        writeConfig: invocation.options['write-config'] === true,
        keysToVault: invocation.options['keys-to-vault'] === true,
      },
      {
        prompter: onTerminal ? enquirerSetupPrompter({ stdin, output: stderr }) : undefined,
        async credentialsFor(name) {
          const result = await resolveProfileCredentials({
            env,
            cwd,
            profile: name,
            mfaCode: stringOption(invocation, 'mfa-code'),
            stdin,
            stderr,
          });
          return { credentials: result.credentials, region: result.region };
        },
        async accountOf(credentials, name, region) {
          return (await callerIdentity(credentials, { env, profile: name, region })).account;
        },
        iamFor: (partition, credentials, name) => sdkIamApi({ target: iamTarget(env, partition), credentials, profile: name }),
        storeSourceKeys: (devProfile) => storeSourceKeys(invocation, devProfile),
      },
    );
    if (invocation.options.json) {
      write(
        invocation.stdout,
        JSON.stringify({ ...setupOutcomeJson(outcome), ...(outcome.vault ? { vault: outcome.vault } : {}) }, null, 2),
      );
    } else {
      write(invocation.stdout, formatSetupSummary(outcome, { profile, keysInVault: outcome.vault !== undefined }));
      if (outcome.vault) write(invocation.stdout, outcome.vault);
    }
    return 0;
  },
};

/** --keys-to-vault: the source profile gets a section of its own if it has none, then its keys go to the vault. */
async function storeSourceKeys(invocation: Invocation, devProfile: string): Promise<string> {
  const { loadAwsConfig, resolveFileLocations } = require('../../src/config') as typeof import('../../src/config');
  const { writeProfileSection } = require('../../src/config/writeProfile') as typeof import('../../src/config/writeProfile');
  const { sourceKeyVault } = require('../../src/vault') as typeof import('../../src/vault');
  const { keysFromPerson, keysInFiles, moveKeysIntoVault } = require('../../src/keys/moveKeys') as typeof import('../../src/keys/moveKeys');
  const { env, stdin, stderr } = invocation;
  const vault = sourceKeyVault({ home: homeDirectory(env), env, stdin, stderr });
  const { backend } = vault.chooseBackend(stringOption(invocation, 'backend'));
  let files = loadAwsConfig({ env });
  if (!files.profiles[devProfile]) {
    writeProfileSection(resolveFileLocations(env).configFile, devProfile, {}, { marker: SETUP_ROLE_MARKER });
    files = loadAwsConfig({ env });
  }
  if (keysInFiles(files, devProfile)) {
    const { record, removedFrom } = await moveKeysIntoVault(vault, files, devProfile, backend);
    return `Moved the keys of profile "${devProfile}" (${maskKeyId(record.accessKeyId)}) from ${removedFrom.join(' and ')} into the vault (${record.backend}).`;
  }
  const keys = await keysFromPerson(devProfile, { stdin, stderr, fromStdin: invocation.options['keys-stdin'] === true });
  const record = await vault.add(devProfile, keys, { backend });
  return `Stored the keys of profile "${devProfile}" (${maskKeyId(record.accessKeyId)}) in the vault (${record.backend}).`;
}
