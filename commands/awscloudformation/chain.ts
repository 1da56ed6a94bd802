import type { CommandModule } from '../../src/cli/invocation';
import { write } from '../../src/cli/invocation';
import { stringOption } from '../../src/cli/resolveOptions';
import { loadAwsConfig } from '../../src/config';
import { describeChain } from '../../src/output/describeChain';
import { planCredentialChain } from '../../src/plan';

export const command: CommandModule = {
  name: 'chain',
  summary: 'Show how a profile\'s credentials will be resolved (the plan), without any network call',
  options: {
    profile: { type: 'string', value: 'NAME', description: 'Profile to plan (default: AWS_PROFILE, else "default")' },
    json: { type: 'boolean', description: 'Print the plan as JSON' },
  },
  async run(invocation) {
    const files = loadAwsConfig({ env: invocation.env, profile: stringOption(invocation, 'profile') });
    const plan = planCredentialChain(files.profiles, files.profile, { origins: files.origins, ssoSessions: files.ssoSessions, files, vault: files.vault });
    write(invocation.stdout, invocation.options.json ? JSON.stringify(plan, null, 2) : describeChain(plan));
    return 0;
  },
};
