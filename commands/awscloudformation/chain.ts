import type { CommandModule } from '../../src/cli/invocation';
import { profileFor } from '../../src/cli/chosenProfile';
import { PROFILE_DEFAULT } from '../../src/cli/resolveOptions';
import { loadAwsFiles } from '../../src/resolve/loadAwsFiles';
import { describeChain, printablePlan } from '../../src/output/describeChain';
import { planCredentialChain } from '../../src/plan';
import { hopSessions, mfaSessionConfigured } from '../../src/plan/sessionDurations';
import { write } from '../../src/output/writeLine';

export const command: CommandModule = {
  name: 'chain',
  summary: "Show how a profile's credentials will be resolved (the plan, and how long each role session lasts), without any network call",
  options: {
    profile: { type: 'string', value: 'NAME', description: `Profile to plan ${PROFILE_DEFAULT}` },
    json: { type: 'boolean', description: 'Print the plan as JSON' },
  },
  async run(invocation) {
    const files = loadAwsFiles({ env: invocation.env, profile: profileFor(invocation) });
    const plan = planCredentialChain(files.profiles, files.profile, {
      origins: files.origins,
      ssoSessions: files.ssoSessions,
      files,
      vault: files.vault,
    });
    const sessions = hopSessions(plan, (profile) => mfaSessionConfigured(files.profiles, profile));
    write(
      invocation.stdout,
      invocation.options.json ? JSON.stringify({ ...printablePlan(plan), sessions }, null, 2) : describeChain(plan, sessions),
    );
    return 0;
  },
};
