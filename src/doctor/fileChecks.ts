import { sourceProfileName } from './profileFacts';
import type { CheckOutcome, DoctorFacts, FileFacts } from './types';

function named(file: FileFacts): string {
  return file.chosenBy ? `${file.path} (from ${file.chosenBy})` : file.path;
}

function profileInCredentialsFile(facts: DoctorFacts): boolean {
  return facts.files?.namesByFile.credentials.profiles.includes(facts.profile) ?? false;
}

/** Who besides the owner may read or write the file, or undefined when nobody may. */
function exposure(mode: number | undefined): string | undefined {
  if (mode === undefined || (mode & 0o077) === 0) return undefined;
  const who = [mode & 0o070 ? 'your group' : '', mode & 0o007 ? 'every user' : ''].filter(Boolean).join(' and ');
  return `mode ${mode.toString(8).padStart(3, '0')}: ${who} can read or change it`;
}

function notAFile(file: FileFacts): CheckOutcome {
  return {
    status: 'fail',
    message: `${named(file)} exists but is not a file.`,
    fix: `Move it aside; the AWS tools expect a text file there.`,
  };
}

function loadFailure(facts: DoctorFacts, which: 'config' | 'credentials'): CheckOutcome | undefined {
  if (facts.loadError?.file !== which) return undefined;
  const { error } = facts.loadError;
  return { status: 'fail', message: error.message, ...(error.resolution ? { fix: error.resolution } : {}) };
}

/** ~/.aws/config: where the walkthrough writes the role profile. Missing is fatal only when the profile is nowhere else. */
export function configFileCheck(facts: DoctorFacts): CheckOutcome {
  const file = facts.configFile;
  const failed = loadFailure(facts, 'config');
  if (failed) return failed;
  if (file.exists && !file.isFile) return notAFile(file);
  const create = `Create ${file.path} with a [profile ${facts.profile}] section (role_arn, source_profile, region), as the walkthrough shows.`;
  if (!file.exists) {
    if (profileInCredentialsFile(facts)) {
      return {
        status: 'warn',
        message: `${named(file)} does not exist; profile "${facts.profile}" is read from ${facts.credentialsFile.path} only.`,
        fix: create,
      };
    }
    return {
      status: 'fail',
      message: `${named(file)} does not exist, and profile "${facts.profile}" is not in ${facts.credentialsFile.path} either.`,
      fix: create,
    };
  }
  const exposed = file.holdsSecrets ? exposure(file.mode) : undefined;
  if (exposed) {
    return {
      status: 'warn',
      message: `${named(file)} holds aws_secret_access_key and has ${exposed}.`,
      fix: `chmod 600 ${file.path} (or move the keys to ${facts.credentialsFile.path}).`,
    };
  }
  // When the other file failed to load, nothing was parsed: no count rather than a wrong "0 profiles".
  if (!facts.files) return { status: 'pass', message: `${named(file)} exists.` };
  const count = facts.files.namesByFile.config.profiles.length;
  return { status: 'pass', message: `${named(file)} exists (${count} profile${count === 1 ? '' : 's'}).` };
}

/** ~/.aws/credentials: the IAM user's access keys. Other users must not be able to read it. */
export function credentialsFileCheck(facts: DoctorFacts): CheckOutcome {
  const file = facts.credentialsFile;
  const failed = loadFailure(facts, 'credentials');
  if (failed) return failed;
  if (file.exists && !file.isFile) return notAFile(file);
  if (!file.exists) {
    return {
      status: 'warn',
      message: `${named(file)} does not exist, so any access keys must be in ${facts.configFile.path}.`,
      fix: `Create ${file.path} (mode 600) with a [${sourceProfileName(facts)}] section holding your IAM user's aws_access_key_id and aws_secret_access_key.`,
    };
  }
  const exposed = exposure(file.mode);
  if (exposed) return { status: 'warn', message: `${named(file)} has ${exposed}.`, fix: `chmod 600 ${file.path}` };
  const mode = file.mode === undefined ? '' : ` with mode ${file.mode.toString(8).padStart(3, '0')}`;
  return { status: 'pass', message: `${named(file)} exists${mode}.` };
}
