import type { CommandModule } from '../../src/cli/invocation';
import { write } from '../../src/cli/invocation';
import { resolveOptions, stringOption } from '../../src/cli/resolveOptions';
import { formatReport, reportJson, runDoctor } from '../../src/doctor';

export const command: CommandModule = {
  name: 'doctor',
  summary: 'Check a role profile step by step (files, settings, source keys, AssumeRole, cache) and say how to fix what fails',
  options: {
    profile: { ...resolveOptions.profile, description: 'Profile to check (default: AWS_PROFILE, else "default")' },
    project: { ...resolveOptions.project, description: 'Amplify project whose cached credentials to check (default: found from the working directory)' },
    'mfa-code': resolveOptions['mfa-code'],
    json: { type: 'boolean', description: 'Print {"profile", "ok", "checks": [{"id", "status", "message", "fix"}]}' },
  },
  details: `Checks, in order: config-file, credentials-file, profile, role-arn, source-profile, mfa-serial, region,
external-id, plan, source-keys (GetCallerIdentity with the source keys), assume-role (new credentials from STS,
asking for MFA when needed; they are cached like any command's), cache. A check whose prerequisite failed is skipped.
Exit status 0 when nothing failed (warnings allowed), 1 otherwise. Secrets are never printed.`,
  async run(invocation) {
    const report = await runDoctor({
      env: invocation.env,
      cwd: invocation.cwd,
      profile: stringOption(invocation, 'profile'),
      project: stringOption(invocation, 'project'),
      mfaCode: stringOption(invocation, 'mfa-code'),
      stdin: invocation.stdin,
      stderr: invocation.stderr,
    });
    write(invocation.stdout, invocation.options.json ? reportJson(report) : formatReport(report));
    return report.ok ? 0 : 1;
  },
};
