import type { CommandModule } from '../../src/cli/invocation';
import { write } from '../../src/cli/invocation';
import { stringOption } from '../../src/cli/resolveOptions';
import { loadAwsConfig, type ProfileSet } from '../../src/config';

const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token']);

/** Secret values are replaced: `config` shows what was read, never the secrets themselves. */
function redact(profiles: ProfileSet): ProfileSet {
  const out: ProfileSet = {};
  for (const [name, profile] of Object.entries(profiles)) {
    out[name] = Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '<redacted>' : v]));
  }
  return out;
}

export const command: CommandModule = {
  name: 'config',
  summary: 'Show what was read from the AWS config and credentials files (secrets redacted)',
  details: 'The files are AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials. aws_secret_access_key and aws_session_token values print as <redacted>.',
  options: {
    profile: { type: 'string', value: 'NAME', description: 'Selected profile to report (default: AWS_PROFILE, else "default")' },
    json: { type: 'boolean', description: 'Print {"configFile", "credentialsFile", "profile", "profiles", "ssoSessions"}' },
  },
  async run(invocation) {
    const files = loadAwsConfig({ env: invocation.env, profile: stringOption(invocation, 'profile') });
    const view = { configFile: files.configFile, credentialsFile: files.credentialsFile, profile: files.profile, profiles: redact(files.profiles), ssoSessions: files.ssoSessions };
    if (invocation.options.json) {
      write(invocation.stdout, JSON.stringify(view, null, 2));
      return 0;
    }
    const names = Object.keys(view.profiles).sort();
    write(
      invocation.stdout,
      [
        `Config file:       ${view.configFile}`,
        `Credentials file:  ${view.credentialsFile}`,
        `Selected profile:  ${view.profile}${view.profiles[view.profile] ? '' : ' (not defined)'}`,
        `Profiles (${names.length}):      ${names.join(', ') || '-'}`,
        `SSO sessions:      ${Object.keys(view.ssoSessions).join(', ') || '-'}`,
      ].join('\n'),
    );
    return 0;
  },
};
