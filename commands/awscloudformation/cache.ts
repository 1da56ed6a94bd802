import type { CommandModule } from '../../src/cli/invocation';
import { write } from '../../src/cli/invocation';
import { ProjectCacheStore } from '../../src/cache';
import { describeExpiry } from '../../src/output/credentialsFormat';
import { homeOf } from '../../src/resolve/home';

export const command: CommandModule = {
  name: 'cache',
  summary: 'Show the credentials this tool has cached, per project and profile (secrets masked)',
  options: { json: { type: 'boolean', description: 'Print JSON' } },
  async run(invocation) {
    const store = new ProjectCacheStore({ home: homeOf(invocation.env), warn: (m: string) => write(invocation.stderr, `Warning: ${m}`) });
    const entries = store.listEntries();
    const mfaSessions = store.listMfaSessions();
    if (invocation.options.json) {
      write(invocation.stdout, JSON.stringify({ folder: store.projectsDir, file: store.file, entries, mfaSessions }, null, 2));
      return 0;
    }
    if (entries.length === 0 && mfaSessions.length === 0) {
      write(invocation.stdout, `No cached credentials in ${store.projectsDir} or ${store.file}.`);
      return 0;
    }
    const now = new Date();
    const lines = [`${store.projectsDir} (projects) and ${store.file} (MFA sessions):`];
    for (const entry of entries) {
      lines.push(`  ${entry.scope}  profile ${entry.profile}${entry.roleArn ? `  ${entry.roleArn}` : ''}  key ${entry.accessKeyId}  expires ${describeExpiry(new Date(entry.expiration), now)}`);
    }
    for (const session of mfaSessions) {
      lines.push(`  MFA session ${session.key}  key ${session.accessKeyId}  expires ${describeExpiry(new Date(session.expiration), now)}`);
    }
    write(invocation.stdout, lines.join('\n'));
    return 0;
  },
};
