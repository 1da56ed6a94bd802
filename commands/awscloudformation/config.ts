import type { CommandModule } from '../../src/cli/invocation';
import { write } from '../../src/cli/invocation';
import { stringOption } from '../../src/cli/resolveOptions';
import { loadAwsConfig, redactedConfigView, type AwsConfigFiles, type FileNames } from '../../src/config';

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
    'Profile: --profile, else AWS_PROFILE, else "default". For a key set in both files, the credentials file wins.',
    'Secrets are never printed: values of aws_secret_access_key, aws_session_token and aws_security_token show as "<redacted>".',
    'With --json, sub-properties (e.g. "s3 =" followed by indented "key = value" lines) print as nested objects.',
    'A malformed line is an error naming the file and line (exit 1; with --json, {"error": {"code": "ConfigParseError", ...}}).',
  ].join('\n'),
  options: {
    profile: { type: 'string', value: 'NAME', description: 'Profile to report as selected (default: AWS_PROFILE, else "default")' },
    json: { type: 'boolean', description: 'Print {"configFile", "credentialsFile", "profile", "profiles", "ssoSessions"}' },
  },
  async run(invocation) {
    const files = loadAwsConfig({ env: invocation.env, profile: stringOption(invocation, 'profile') });
    if (invocation.options.json) {
      write(invocation.stdout, JSON.stringify(redactedConfigView(files), null, 2));
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
