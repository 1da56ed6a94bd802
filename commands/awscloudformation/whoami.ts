import type { CommandModule } from '../../src/cli/invocation';
import { resolveOptions, resolveRequestFrom } from '../../src/cli/resolveOptions';
import { describeExpiry } from '../../src/output/credentialsFormat';
import { resolveProfileCredentials } from '../../src/resolve';
import { callerIdentity } from '../../src/resolve/callerIdentity';
import { maskKeyId } from '../../src/credentials';
import { write } from '../../src/output/writeLine';

export const command: CommandModule = {
  name: 'whoami',
  summary: 'Resolve the profile and show who its credentials are (GetCallerIdentity) and when they expire',
  options: { ...resolveOptions, json: { type: 'boolean', description: 'Print JSON' } },
  async run(invocation) {
    const request = resolveRequestFrom(invocation);
    const result = await resolveProfileCredentials(request);
    const identity = await callerIdentity(result.credentials, { env: invocation.env, profile: result.profile, region: result.region });
    const now = new Date();
    const summary = {
      profile: result.profile,
      account: identity.account,
      arn: identity.arn,
      userId: identity.userId,
      accessKeyId: maskKeyId(result.credentials.accessKeyId),
      expiration: result.credentials.expiration?.toISOString() ?? null,
      source: result.fromCache ? 'cache' : 'sts',
    };
    if (invocation.options.json) {
      write(invocation.stdout, JSON.stringify(summary, null, 2));
    } else {
      write(
        invocation.stdout,
        [
          `Profile:  ${summary.profile}`,
          `Account:  ${summary.account}`,
          `ARN:      ${summary.arn}`,
          `Key:      ${summary.accessKeyId}`,
          `Expires:  ${describeExpiry(result.credentials.expiration, now)}`,
          `Source:   ${result.fromCache ? 'cached credentials (no STS call for the role)' : 'new credentials from STS'}`,
        ].join('\n'),
      );
    }
    return 0;
  },
};
