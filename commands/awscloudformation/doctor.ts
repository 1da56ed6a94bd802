import { chooseProfile, type ChosenProfile } from '../../src/cli/chosenProfile';
import { isToolError, type ToolError } from '../../src/errors';
import type { CommandModule } from '../../src/cli/invocation';
import { PROFILE_DEFAULT, resolveOptions, stringOption } from '../../src/cli/resolveOptions';
import { CHECK_IDS, formatCheck, reportHeader, reportJson, reportVerdict, runDoctor } from '../../src/doctor';
import { write } from '../../src/output/writeLine';

export const command: CommandModule = {
  name: 'doctor',
  summary:
    'Check a role profile step by step (files, settings, cache, vault, plugin, then source keys and AssumeRole) and say how to fix what fails',
  options: {
    profile: { ...resolveOptions.profile, description: `Profile to check ${PROFILE_DEFAULT}` },
    project: {
      ...resolveOptions.project,
      description: 'Amplify project whose cached credentials to check (default: found from the working directory)',
    },
    'mfa-code': resolveOptions['mfa-code'],
    fresh: { type: 'boolean', description: 'Assume the role anew even when fresh credentials are cached (asks for the MFA code)' },
    verbose: { type: 'boolean', description: "Add the libraries' own reasons (why no OS keychain answers)" },
    json: { type: 'boolean', description: 'Print {"profile", "ok", "checks": [{"id", "status", "message", "fix"}]} at the end' },
  },
  details: `The offline checks come first, each line printed as it is known: config-file, credentials-file, plaintext-keys,
project (who chose the profile: a project file that cannot say the environment's profile fails here, and the checks go
on with AWS_PROFILE, else "default"), profile, role-arn, source-profile, mfa-serial, region, external-id, plan, cache,
vault, amplify-plugin. Then the two that call STS: source-keys (GetCallerIdentity with the source keys) and
assume-role. assume-role uses fresh cached credentials when there are some (no MFA code, no passphrase: it proves them
with GetCallerIdentity); otherwise it assumes the role, asking for the code, but only when no earlier check failed.
--fresh always assumes anew. A check whose prerequisite failed is skipped. Exit status 0 when nothing failed (warnings
allowed), 1 otherwise.
Secrets are never printed.`,
  async run(invocation) {
    const project = stringOption(invocation, 'project');
    let chosen: ChosenProfile;
    let projectError: ToolError | undefined;
    try {
      chosen = chooseProfile({ env: invocation.env, cwd: invocation.cwd, profile: stringOption(invocation, 'profile'), project });
    } catch (error) {
      // A project file that cannot say the environment's profile is a failed check (project), not the end of the run.
      if (!isToolError(error) || error.code !== 'ProjectProfileUnknown') throw error;
      [chosen, projectError] = [{ chosenBy: invocation.env.AWS_PROFILE ? 'AWS_PROFILE' : 'default' }, error];
    }
    const json = invocation.options.json === true;
    const width = Math.max(...CHECK_IDS.map((id) => id.length));
    const report = await runDoctor(
      {
        env: invocation.env,
        cwd: invocation.cwd,
        profile: chosen.name,
        chosenBy: chosen.chosenBy === 'project' ? 'project' : undefined,
        environment: chosen.environment?.envName,
        bridge: chosen.environment?.bridge,
        projectError,
        project,
        mfaCode: stringOption(invocation, 'mfa-code'),
        fresh: invocation.options.fresh === true,
        verbose: invocation.options.verbose === true,
        stdin: invocation.stdin,
        stderr: invocation.stderr,
      },
      {},
      json
        ? undefined
        : {
            // Line by line, so the offline results are on screen before any MFA prompt.
            start: (profile, facts) => write(invocation.stdout, `${reportHeader(profile, facts)}\n\n`),
            result: (check) => write(invocation.stdout, formatCheck(check, width)),
          },
    );
    write(invocation.stdout, json ? reportJson(report) : `\n${reportVerdict(report)}`);
    return report.ok ? 0 : 1;
  },
};
