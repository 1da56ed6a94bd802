import type { CommandModule } from '../../src/cli/invocation';
import { loadAwsFiles } from '../../src/resolve/loadAwsFiles';
import { formatTable } from '../../src/output/table';
import { classifyProfiles } from '../../src/plan';
import { write } from '../../src/output/writeLine';

export const command: CommandModule = {
  name: 'profiles',
  summary: 'List the profiles of ~/.aws/config and ~/.aws/credentials with their kind, role, MFA device and region',
  options: { json: { type: 'boolean', description: 'Print JSON' } },
  async run(invocation) {
    const files = loadAwsFiles({ env: invocation.env });
    // Every profile at once, each step taken once: linear however deep the source_profile chains are.
    const summaries = classifyProfiles(files.profiles, files.ssoSessions, Object.keys(files.profiles).sort(), files.vault);
    if (invocation.options.json) {
      write(invocation.stdout, JSON.stringify(summaries, null, 2));
      return 0;
    }
    if (summaries.length === 0) {
      write(invocation.stdout, `No profiles in ${files.configFile} or ${files.credentialsFile}.`);
      return 0;
    }
    const rows = summaries.map((s) => [
      s.name,
      s.kind === 'incomplete' ? `incomplete (missing ${s.missing})` : s.kind,
      s.roleArn ?? '-',
      s.mfaSerial ?? '-',
      s.externalId ? 'yes' : '-',
      s.region ?? '-',
    ]);
    write(invocation.stdout, formatTable(['PROFILE', 'KIND', 'ROLE', 'MFA', 'EXTERNAL ID', 'REGION'], rows));
    return 0;
  },
};
