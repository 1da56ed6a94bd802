import { ToolError } from '../errors';
import { categoryNames } from './categoryActions';
import type { TrustPrincipal } from './crossAccountPolicies';
import { generateExternalId } from './externalId';
import { checkIdentifier, partitionOf, RULES, type IdentifierRule } from './identifierRules';
import { parseCategoryList } from './permissionsPolicy';
import { selectCategories, type CategorySelection } from './projectCategories';

/** What setup-role works from, after flags, prompts and defaults; every value already checked. */
export interface RoleSetupInputs {
  devAccount: string;
  /** Undefined only when --apply-biz will learn it from Biz Corp's credentials. */
  bizAccount?: string;
  roleName: string;
  externalId?: string;
  externalIdGenerated: boolean;
  mfa: boolean;
  /** Given by --mfa-serial, or the virtual device named after --dev-user. */
  mfaSerial?: string;
  categories: CategorySelection;
  bizProfile: string;
  devProfile: string;
  region: string;
  devUser?: string;
  trustPrincipal: TrustPrincipal;
  devPolicyName: string;
  /** --max-session-duration: the role's MaxSessionDuration (undefined: IAM's default for a new role, 3600 s; an existing role's is left). */
  maxSessionDuration?: number;
  /** --duration-seconds: the role profile's duration_seconds (undefined: none, STS's default of 3600 s). */
  durationSeconds?: number;
  /** --require-source-identity: the trust policy demands a source identity; the role profile sets source_identity. */
  requireSourceIdentity?: boolean;
}

/** Asks for what the flags left out. Only used when a person is at a terminal. */
export interface SetupPrompter {
  text(question: { message: string; initial?: string; validate: (value: string) => true | string }): Promise<string>;
  confirm(question: { message: string; initial: boolean }): Promise<boolean>;
}

type Flags = Record<string, string | boolean | string[] | undefined>;

export const DEFAULT_BIZ_PROFILE = 'bizcorprole';
export const DEFAULT_DEV_PROFILE = 'devcorpuser';

function flagText(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

function missing(flag: string, what: string): ToolError {
  return new ToolError('InvalidArguments', `${flag} is required: ${what}.`, {
    resolution: 'Give it on the command line (or run setup-role in a terminal to be asked).',
    exitCode: 2,
  });
}

function promptValidator(rule: IdentifierRule): (value: string) => true | string {
  return (value) => (rule.test(value.trim()) ? true : `Must be ${rule.expected}.`);
}

interface GatherContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  prompter?: SetupPrompter;
  /** --apply-biz can learn Biz Corp's account from its credentials. */
  bizAccountOptional: boolean;
  randomBytes?: (size: number) => Buffer;
}

/** One value: the flag (checked), else a prompt (re-asked until valid), else the default, else "missing". */
async function value(
  flags: Flags,
  context: GatherContext,
  spec: { flag: string; rule: IdentifierRule; ask?: string; initial?: string; fallback?: string; what?: string },
): Promise<string | undefined> {
  const given = flagText(flags, spec.flag.slice(2));
  if (given !== undefined) return checkIdentifier(spec.flag, given.trim(), spec.rule);
  if (context.prompter && spec.ask) {
    return (
      await context.prompter.text({ message: spec.ask, initial: spec.initial ?? spec.fallback, validate: promptValidator(spec.rule) })
    ).trim();
  }
  if (spec.fallback !== undefined) return spec.fallback;
  if (spec.what) throw missing(spec.flag, spec.what);
  return undefined;
}

function defaultRegion(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  return fromEnv && RULES.region.test(fromEnv) ? fromEnv : 'us-east-1';
}

async function externalIdInput(flags: Flags, context: GatherContext): Promise<{ externalId?: string; generated: boolean }> {
  let text = flagText(flags, 'external-id');
  if (text === undefined && context.prompter) {
    text = (
      await context.prompter.text({
        message: 'External id the role requires ("auto" generates one; "none" for none)',
        initial: 'auto',
        validate: (v) =>
          ['', 'auto', 'none'].includes(v.trim()) || RULES.externalId.test(v.trim())
            ? true
            : `Must be ${RULES.externalId.expected}, or "none".`,
      })
    ).trim();
    if (text === 'none') return { generated: false };
    if (text === '') text = 'auto';
  }
  if (text === undefined) return { generated: false };
  if (text === 'auto') return { externalId: generateExternalId(context.randomBytes), generated: true };
  return { externalId: checkIdentifier('--external-id', text, RULES.externalId), generated: false };
}

async function mfaInput(flags: Flags, context: GatherContext): Promise<boolean> {
  // parseArgs (allowNegative) turns --no-mfa into mfa: false.
  if (typeof flags.mfa === 'boolean') return flags.mfa;
  if (context.prompter) return context.prompter.confirm({ message: 'Require MFA to assume the role?', initial: true });
  // Without a word either way, the safer setup.
  return true;
}

async function categoriesInput(flags: Flags, context: GatherContext): Promise<CategorySelection> {
  const flag = flagText(flags, 'categories');
  const selection = selectCategories({ flag, cwd: context.cwd, project: flagText(flags, 'project') });
  if (flag !== undefined || !context.prompter) return selection;
  const answer = await context.prompter.text({
    message: `Amplify categories the role may deploy (comma-separated; ${categoryNames().join(', ')})`,
    initial: selection.categories.join(','),
    validate: (v) => {
      try {
        parseCategoryList(v);
        return true;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  return { categories: parseCategoryList(answer), source: 'prompt', unknown: [] };
}

/**
 * Flags first; prompts (when a person is there) for what is missing; defaults for the rest. A value that does not
 * fit its rule stops here with a sentence naming the flag, before anything is written or created.
 */
export async function gatherSetupInputs(flags: Flags, context: GatherContext): Promise<RoleSetupInputs> {
  const devAccount = (await value(flags, context, {
    flag: '--dev-account',
    rule: RULES.accountId,
    ask: "Dev Corp's 12-digit account id (whose users will assume the role)",
    what: "the 12-digit id of Dev Corp's account, whose users will assume the role",
  }))!;
  const bizAccount = await value(flags, context, {
    flag: '--biz-account',
    rule: RULES.accountId,
    ask: context.bizAccountOptional ? undefined : "Biz Corp's 12-digit account id (where the role is created)",
    what: context.bizAccountOptional
      ? undefined
      : "the 12-digit id of Biz Corp's account, where the role lives (or use --apply-biz to learn it from Biz Corp's credentials)",
  });
  const roleName = (await value(flags, context, {
    flag: '--role-name',
    rule: RULES.roleName,
    ask: 'Name of the role in Biz Corp',
    initial: 'amplify-deployer',
    what: 'the name of the role to create in Biz Corp',
  }))!;
  const external = await externalIdInput(flags, context);
  const mfa = await mfaInput(flags, context);
  const devUser = await value(flags, context, { flag: '--dev-user', rule: RULES.userName });
  const region = (await value(flags, context, {
    flag: '--region',
    rule: RULES.region,
    ask: 'Region for the role profile',
    fallback: defaultRegion(context.env),
  }))!;
  const mfaSerial = mfa
    ? await value(flags, context, {
        flag: '--mfa-serial',
        rule: RULES.mfaSerial,
        ask: devUser ? undefined : "ARN of the Dev Corp user's MFA device",
        initial: `arn:${partitionOf(region)}:iam::${devAccount}:mfa/`,
      })
    : undefined;
  if (!mfa && flagText(flags, 'mfa-serial') !== undefined) {
    throw new ToolError('InvalidArguments', '--mfa-serial was given with --no-mfa; drop one of them.', { exitCode: 2 });
  }
  const categories = await categoriesInput(flags, context);
  const bizProfile = (await value(flags, context, { flag: '--biz-profile', rule: RULES.profileName, fallback: DEFAULT_BIZ_PROFILE }))!;
  const devProfile = (await value(flags, context, { flag: '--dev-profile', rule: RULES.profileName, fallback: DEFAULT_DEV_PROFILE }))!;
  if (bizProfile === devProfile) {
    throw new ToolError(
      'InvalidArguments',
      `--biz-profile and --dev-profile are both "${bizProfile}"; the role profile and the user's key profile need different names.`,
      { exitCode: 2 },
    );
  }
  const trust = flagText(flags, 'trust') ?? 'account';
  if (trust !== 'account' && trust !== 'user') {
    throw new ToolError(
      'InvalidArguments',
      `--trust must be "account" (any Dev Corp principal allowed by its own policies) or "user" (only --dev-user), not "${trust}".`,
      { exitCode: 2 },
    );
  }
  if (trust === 'user' && !devUser) throw missing('--dev-user', 'with --trust user the trust policy names that Dev Corp user');
  const devPolicyName = (await value(flags, context, {
    flag: '--dev-policy-name',
    rule: RULES.policyName,
    fallback: `${roleName}-assume`.slice(0, 128),
  }))!;
  const maxSessionDuration = await value(flags, context, { flag: '--max-session-duration', rule: RULES.maxSessionDuration });
  const durationSeconds = await value(flags, context, { flag: '--duration-seconds', rule: RULES.durationSeconds });
  return {
    devAccount,
    bizAccount,
    roleName,
    externalId: external.externalId,
    externalIdGenerated: external.generated,
    mfa,
    mfaSerial,
    categories,
    bizProfile,
    devProfile,
    region,
    devUser,
    trustPrincipal: trust,
    devPolicyName,
    ...(maxSessionDuration !== undefined ? { maxSessionDuration: Number(maxSessionDuration) } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds: Number(durationSeconds) } : {}),
    ...(flags['require-source-identity'] === true ? { requireSourceIdentity: true } : {}),
  };
}
