import type { CommandModule } from '../../src/cli/invocation';
import { profileFor } from '../../src/cli/chosenProfile';
import { PROFILE_DEFAULT } from '../../src/cli/resolveOptions';
import { loadAwsConfig, redactedConfigView, type AwsConfigFiles, type FileNames, type ProfileSet } from '../../src/config';
import { maskKeyId } from '../../src/credentials';
import { write } from '../../src/output/writeLine';

/** Access key ids masked as every command masks them (secrets are already "<redacted>"). */
function maskKeyIds(profiles: ProfileSet): ProfileSet {
  for (const profile of Object.values(profiles)) {
    const id = profile.aws_access_key_id;
    if (typeof id === 'string' && id !== '' && !id.startsWith('\n')) profile.aws_access_key_id = maskKeyId(id);
  }
  return profiles;
}

function describeFile(label: string, file: string, names: FileNames, withSessions: boolean): string[] {
  const list = (items: string[]) => (items.length ? items.join(', ') : '-');
  const lines = [`${label} ${file}${names.exists ? '' : ' (not found, read as empty)'}`, `  profiles:      ${list(names.profiles)}`];
  if (withSessions) lines.push(`  sso-sessions:  ${list(names.ssoSessions)}`);
  return lines;
}

function describeSelected(files: AwsConfigFiles): string {
  const origin = files.origins[files.profile];
  if (!origin) return `Selected profile: ${files.profile} (not defined in either file)`;
  return `Selected profile: ${files.profile} (${origin.file}, line ${origin.line})`;
}

export const command: CommandModule = {
  name: 'config',
  summary: 'Show what was read from the AWS config and credentials files (secrets redacted)',
  details: [
    'Files: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials; a missing file counts as empty.',
    'Profile: --profile, else the current Amplify environment\'s, else AWS_PROFILE, else "default". For a key set in both files, the credentials file wins.',
    'Secrets are never printed: values of aws_secret_access_key, aws_session_token and aws_security_token show as "<redacted>", access key ids as "AKIA…WXYZ".',
    'With --json, sub-properties (e.g. "s3 =" followed by indented "key = value" lines) print as nested objects.',
    'A malformed line is an error naming the file and line (exit 1; with --json, {"error": {"code": "ConfigParseError", ...}}).',
  ].join('\n'),
  options: {
    profile: { type: 'string', value: 'NAME', description: `Profile to report as selected ${PROFILE_DEFAULT}` },
    json: { type: 'boolean', description: 'Print {"configFile", "credentialsFile", "profile", "profiles", "ssoSessions"}' },
  },
  async run(invocation) {
    const files = loadAwsConfig({ env: invocation.env, profile: profileFor(invocation) });
    if (invocation.options.json) {
      const view = redactedConfigView(files);
      write(invocation.stdout, JSON.stringify({ ...view, profiles: maskKeyIds(view.profiles) }, null, 2));
      return 0;
    }
    write(
      invocation.stdout,
      [
        ...describeFile('Config file:     ', files.configFile, files.namesByFile.config, true),
        ...describeFile('Credentials file:', files.credentialsFile, files.namesByFile.credentials, false),
        describeSelected(files),
      ].join('\n'),
    );
    return 0;
  },
};
