import type { CacheLayout } from '../../src/cache';
import type { CommandModule } from '../../src/cli/invocation';
import { CACHE_ROOT_SENTENCE, ProjectCacheStore } from '../../src/cache';
import { describeExpiry } from '../../src/output/credentialsFormat';
import { homeDirectory } from '../../src/config/fileLocations';
import { write } from '../../src/output/writeLine';

export const command: CommandModule = {
  name: 'cache',
  summary: 'Show where the cached credentials live and what this tool has cached, per project and profile (secrets masked)',
  options: { json: { type: 'boolean', description: 'Print JSON' } },
  details: `${CACHE_ROOT_SENTENCE} This tool keeps the cache's generation and the MFA sessions there, and project entries in amplify-aws-roles/projects-<xx>.json beside it, each used only while its generation is cache.json's.`,
  async run(invocation) {
    const store = new ProjectCacheStore({
      home: homeDirectory(invocation.env),
      warn: (m: string) => write(invocation.stderr, `Warning: ${m}`),
    });
    const layout = store.layout();
    const entries = store.listEntries();
    const mfaSessions = store.listMfaSessions();
    if (invocation.options.json) {
      write(invocation.stdout, JSON.stringify({ ...layout, entries, mfaSessions }, null, 2));
      return 0;
    }
    const now = new Date();
    const lines = [
      rootLine(layout),
      `${layout.folder}: the project entries (${layout.bucketFiles} bucket ${layout.bucketFiles === 1 ? 'file' : 'files'}), each used only while its generation is cache.json's.`,
    ];
    if (entries.length === 0 && mfaSessions.length === 0) lines.push('No cached credentials.');
    for (const entry of entries) {
      lines.push(
        `  ${entry.scope}  profile ${entry.profile}${entry.roleArn ? `  ${entry.roleArn}` : ''}  key ${entry.accessKeyId}  expires ${describeExpiry(new Date(entry.expiration), now)}`,
      );
    }
    for (const session of mfaSessions) {
      lines.push(`  MFA session ${session.key}  key ${session.accessKeyId}  expires ${describeExpiry(new Date(session.expiration), now)}`);
    }
    if (layout.orphanedEntries) {
      const n = layout.orphanedEntries;
      lines.push(
        `${n === 1 ? '1 orphaned entry' : `${n} orphaned entries`} (stored before cache.json was last removed or emptied) ${n === 1 ? 'is' : 'are'} never used; the next write deletes ${n === 1 ? 'it' : 'them'} (or run reset-cache --all now).`,
      );
    }
    if (layout.earlierVersionEntries) {
      const n = layout.earlierVersionEntries;
      lines.push(
        `${n === 1 ? '1 entry stored by an earlier version is never used; it stays' : `${n} entries stored by an earlier version are never used; each stays`} until it expires, so that the prompt that replaces it can say why (or run reset-cache --all now).`,
      );
    }
    write(invocation.stdout, lines.join('\n'));
    return 0;
  },
};

/** cache.json's line: where the root is, its generation, or that it is absent (and what the next write does). */
function rootLine(layout: CacheLayout): string {
  const promise = 'removing it removes every cached credential';
  if (!layout.fileExists)
    return `${layout.file}: the root of the cache, absent (removed, or nothing cached yet); the next write creates it with a new generation. It holds the MFA sessions; ${promise}.`;
  const generation = layout.newerVersion
    ? 'written by a newer version of amplify-aws-roles: this version neither uses nor changes what it holds'
    : layout.generation
      ? `generation ${layout.generation.slice(0, 8)}`
      : 'no generation of this tool yet: the next write makes one';
  return `${layout.file}: the root of the cache (${generation}) and the MFA sessions; ${promise}.`;
}
