import type { CommandModule } from '../../src/cli/invocation';
import { write } from '../../src/cli/invocation';
import { CACHE_ROOT_SENTENCE, ProjectCacheStore } from '../../src/cache';
import { describeExpiry } from '../../src/output/credentialsFormat';
import { homeOf } from '../../src/resolve/home';

export const command: CommandModule = {
  name: 'cache',
  summary: 'Show where the cached credentials live and what this tool has cached, per project and profile (secrets masked)',
  options: { json: { type: 'boolean', description: 'Print JSON' } },
  details: `${CACHE_ROOT_SENTENCE} This tool keeps the cache's generation and the MFA sessions there, and project entries in amplify-aws-roles/projects-<xx>.json beside it, each used only while its generation is cache.json's.`,
  async run(invocation) {
    const store = new ProjectCacheStore({ home: homeOf(invocation.env), warn: (m: string) => write(invocation.stderr, `Warning: ${m}`) });
    const layout = store.layout();
    const entries = store.listEntries();
    const mfaSessions = store.listMfaSessions();
    if (invocation.options.json) {
      write(invocation.stdout, JSON.stringify({ ...layout, entries, mfaSessions }, null, 2));
      return 0;
    }
    const now = new Date();
    const lines = [
      `${layout.file}: the root of the cache (${layout.generation ? `generation ${layout.generation.slice(0, 8)}` : 'no generation until the next write'}) and the MFA sessions; removing it removes every cached credential.`,
      `${layout.folder}: the project entries (${layout.bucketFiles} bucket ${layout.bucketFiles === 1 ? 'file' : 'files'}), each used only while its generation is cache.json's.`,
    ];
    if (entries.length === 0 && mfaSessions.length === 0) lines.push('No cached credentials.');
    for (const entry of entries) {
      lines.push(`  ${entry.scope}  profile ${entry.profile}${entry.roleArn ? `  ${entry.roleArn}` : ''}  key ${entry.accessKeyId}  expires ${describeExpiry(new Date(entry.expiration), now)}`);
    }
    for (const session of mfaSessions) {
      lines.push(`  MFA session ${session.key}  key ${session.accessKeyId}  expires ${describeExpiry(new Date(session.expiration), now)}`);
    }
    if (layout.orphanedEntries) {
      const n = layout.orphanedEntries;
      lines.push(`${n} orphaned ${n === 1 ? 'entry' : 'entries'} (stored before cache.json was last removed or emptied, or by an earlier version) ${n === 1 ? 'is' : 'are'} never used; the next write deletes ${n === 1 ? 'it' : 'them'}, reset-cache --all now.`);
    }
    write(invocation.stdout, lines.join('\n'));
    return 0;
  },
};
