import type { EnvironmentProfile } from '../amplify/environmentProfile';
import type { ProfileSet } from '../config/types';
import { type Invocation } from './invocation';
import { write } from '../output/writeLine';

/** Which profile a command works on, and who chose it. */
export interface ChosenProfile {
  /** Undefined when nobody named one: loadAwsConfig then reads AWS_PROFILE, else "default". */
  name?: string;
  chosenBy: '--profile' | 'project' | 'AWS_PROFILE' | 'default';
  /** The Amplify environment whose profile it is, when the project chose. */
  environment?: EnvironmentProfile;
}

/**
 * --profile always wins. Inside an Amplify project, the profile of its current environment (the role profile behind
 * our bridge); outside one, or when the environment names no profile, AWS_PROFILE, then "default", as the SDKs do.
 */
export function chooseProfile(options: { env: NodeJS.ProcessEnv; cwd: string; profile?: string; project?: string }): ChosenProfile {
  if (options.profile) return { name: options.profile, chosenBy: '--profile' };
  // Loaded only without --profile: the bridge's own credential_process always names its profile (the warm path).
  const { environmentProfile } = require('../amplify/environmentProfile') as typeof import('../amplify/environmentProfile');
  let profiles: ProfileSet | undefined;
  const loadProfiles = () =>
    (profiles ??= (require('../config/loadAwsConfig') as typeof import('../config/loadAwsConfig')).loadAwsConfig({
      env: options.env,
    }).profiles);
  const environment = environmentProfile(options.cwd, options.project, loadProfiles);
  if (environment) return { name: environment.profile, chosenBy: 'project', environment };
  return { chosenBy: options.env.AWS_PROFILE ? 'AWS_PROFILE' : 'default' };
}

/**
 * The one line that says the project chose, that AWS_PROFILE (when set to another) is not used here, and the way out:
 * inside an Amplify project (a monorepo's root included) `AWS_PROFILE=prod ... exec -- cdk deploy` works on the
 * environment's profile, as the Amplify CLI itself does, and only --profile chooses another.
 */
export function projectChoiceNote(chosen: ChosenProfile, env: NodeJS.ProcessEnv): string | undefined {
  if (chosen.chosenBy !== 'project' || !chosen.environment) return undefined;
  const other = env.AWS_PROFILE && env.AWS_PROFILE !== chosen.name ? `, not AWS_PROFILE "${env.AWS_PROFILE}"` : '';
  return `using profile "${chosen.name}" of this project's environment "${chosen.environment.envName}"${other} (pass --profile NAME to use another)`;
}

/** --profile, else the project's profile (said in one line on stderr), else undefined (AWS_PROFILE, then "default"). */
export function profileFor(invocation: Pick<Invocation, 'options' | 'env' | 'cwd' | 'stderr'>): string | undefined {
  const option = (name: string) => (typeof invocation.options[name] === 'string' ? invocation.options[name] : undefined);
  const chosen = chooseProfile({ env: invocation.env, cwd: invocation.cwd, profile: option('profile'), project: option('project') });
  const note = projectChoiceNote(chosen, invocation.env);
  if (note) write(invocation.stderr, note);
  return chosen.name;
}
