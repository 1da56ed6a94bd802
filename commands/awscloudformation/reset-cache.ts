import type { CommandModule } from '../../src/cli/invocation';
import { stringOption } from '../../src/cli/resolveOptions';
import { CACHE_ROOT_SENTENCE, findProjectRoot, ProjectCacheStore, describeScope } from '../../src/cache';
import { homeDirectory } from '../../src/config/fileLocations';
import { write } from '../../src/output/writeLine';

export const command: CommandModule = {
  name: 'reset-cache',
  aliases: ['resetCache'],
  summary: "Forget the cached credentials of the current Amplify project (or, with --all, all of this tool's)",
  options: {
    project: { type: 'string', value: 'DIR', description: 'Amplify project to reset (default: found from the working directory)' },
    all: {
      type: 'boolean',
      description:
        "Remove all cached credentials of this tool (every project, MFA sessions, moved-aside corrupt cache copies), as removing cache.json does, but keep the Amplify CLI's own",
    },
    'mfa-session': { type: 'boolean', description: 'Also forget cached MFA sessions' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  details: `${CACHE_ROOT_SENTENCE} --all removes all of this tool's the same way (its member of cache.json, then every project entry and the copies of corrupt cache files moved aside earlier, cache.json.corrupt-*) and leaves the Amplify CLI's own members of cache.json as they were.`,
  async run(invocation) {
    const store = new ProjectCacheStore({
      home: homeDirectory(invocation.env),
      warn: (m: string) => write(invocation.stderr, `Warning: ${m}`),
    });
    if (invocation.options.all) {
      const { entries: removed, mfaSessions: sessions } = store.removeAll();
      // Copies of corrupt cache files may still hold live credentials: "forget everything" includes them.
      const copies = store.removeCorruptCopies();
      const copiesText = copies ? `, and ${copies} moved-aside corrupt cache ${copies === 1 ? 'copy' : 'copies'}` : '';
      report(
        invocation,
        { scope: 'all', removed, mfaSessionsRemoved: sessions, corruptCopiesRemoved: copies },
        `Removed ${removed} cached credential ${plural(removed)} and ${sessions} MFA ${sessions === 1 ? 'session' : 'sessions'} (all projects)${copiesText}.`,
      );
      return 0;
    }
    const scope = findProjectRoot(invocation.cwd, stringOption(invocation, 'project'));
    const removed = store.removeProject(scope);
    const sessions = invocation.options['mfa-session'] ? store.removeMfaSessions() : 0;
    const extra = invocation.options['mfa-session'] ? ` and ${sessions} MFA ${sessions === 1 ? 'session' : 'sessions'}` : '';
    report(
      invocation,
      { scope: describeScope(scope), removed, mfaSessionsRemoved: sessions },
      `Removed ${removed} cached credential ${plural(removed)}${extra} for ${describeScope(scope)}.`,
    );
    return 0;
  },
};

function plural(n: number): string {
  return n === 1 ? 'entry' : 'entries';
}

function report(invocation: Parameters<CommandModule['run']>[0], data: object, text: string): void {
  write(invocation.stdout, invocation.options.json ? JSON.stringify(data, null, 2) : text);
}
