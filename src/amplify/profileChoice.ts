import type { Readable, Writable } from 'node:stream';
import type { AwsConfigFiles } from '../config/types';
import { ToolError } from '../errors';
import { classifyProfiles, type ProfileSummary } from '../plan';
import { cancellingKeyActions } from '../prompts/cancelled';

/** Questions the Amplify layer asks; injected so tests answer them without a terminal. */
export interface Prompter {
  select(message: string, choices: Array<{ value: string; label: string }>, initial?: string): Promise<string>;
  confirm(message: string, initial: boolean): Promise<boolean>;
}

/** Profiles the Amplify CLI cannot use by itself (it reads only static keys and credential_process). */
export const BRIDGED_KINDS: ReadonlySet<ProfileSummary['kind']> = new Set([
  'assume-role',
  'credential-source',
  'sso',
  'web-identity',
  'vault',
  'login',
]);

export function profileSummaries(files: AwsConfigFiles): ProfileSummary[] {
  return classifyProfiles(files.profiles, files.ssoSessions, Object.keys(files.profiles).sort(), files.vault);
}

/** "role with MFA", "static keys", ...: how a person tells the profiles apart in the list. */
export function describeKind(summary: ProfileSummary): string {
  switch (summary.kind) {
    case 'assume-role':
    case 'credential-source':
      return `${summary.mfaSerial ? 'role with MFA' : 'role'}${summary.roleArn ? ` ${summary.roleArn}` : ''}`;
    case 'static':
      return 'static keys';
    case 'vault':
      return 'keys in the vault';
    case 'process':
      return 'credential_process';
    case 'sso':
      return 'SSO';
    case 'web-identity':
      return 'web identity';
    case 'login':
      return 'aws login session';
    default:
      return `incomplete (missing ${summary.missing})`;
  }
}

export function profileChoiceLabel(summary: ProfileSummary, width: number): string {
  const region = summary.region ? `, ${summary.region}` : '';
  return `${summary.name.padEnd(width)}  ${describeKind(summary)}${region}`;
}

export async function chooseProfile(summaries: ProfileSummary[], prompter: Prompter, current?: string): Promise<string> {
  const usable = summaries.filter((s) => s.kind !== 'incomplete');
  if (usable.length === 0) {
    throw new ToolError('NoProfiles', 'There is no usable profile in the shared config and credentials files.', {
      resolution: 'Add a profile to ~/.aws/config (amplify-aws-roles profiles lists what is there), then run the command again.',
    });
  }
  const width = Math.max(...usable.map((s) => s.name.length));
  return prompter.select(
    'Which AWS profile should this Amplify environment use?',
    usable.map((s) => ({ value: s.name, label: profileChoiceLabel(s, width) })),
    usable.some((s) => s.name === current) ? current : undefined,
  );
}

/** The prompts on a terminal, with enquirer (loaded only when a question is asked). */
export function enquirerPrompter(streams: { stdin: Readable; stdout: Writable }): Prompter {
  const enquirer = () =>
    require('enquirer') as {
      Select: new (o: object) => { run(): Promise<string> };
      Confirm: new (o: object) => { run(): Promise<boolean> };
    };
  const cancelled = () => new ToolError('PromptCancelled', 'The question was cancelled; nothing was changed.');
  return {
    async select(message, choices, initial) {
      const { Select } = enquirer();
      const index =
        initial === undefined
          ? 0
          : Math.max(
              0,
              choices.findIndex((c) => c.value === initial),
            );
      const prompt = new Select({
        name: 'choice',
        message,
        choices: choices.map((c) => ({ name: c.value, message: c.label })),
        initial: index,
        stdin: streams.stdin,
        stdout: streams.stdout,
        actions: cancellingKeyActions(),
      });
      try {
        return await prompt.run();
      } catch {
        throw cancelled();
      }
    },
    async confirm(message, initial) {
      const { Confirm } = enquirer();
      const prompt = new Confirm({
        name: 'confirm',
        message,
        initial,
        stdin: streams.stdin,
        stdout: streams.stdout,
        actions: cancellingKeyActions(),
      });
      try {
        return await prompt.run();
      } catch {
        throw cancelled();
      }
    },
  };
}
