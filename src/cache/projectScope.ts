import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';

/** Cache entries belong to an Amplify project (its root folder), or to no project at all. */
export type CacheScope = { kind: 'project'; root: string } | { kind: 'none' };

export const NO_PROJECT_KEY = '(no project)';

function isProjectRoot(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'amplify', '.config', 'project-config.json'));
}

/** `--project DIR` when given (it must be a project), else the nearest folder up from cwd with amplify/.config/project-config.json. */
export function findProjectRoot(cwd: string, explicit?: string): CacheScope {
  if (explicit) {
    const root = path.resolve(cwd, explicit);
    if (!isProjectRoot(root)) {
      throw new ToolError(
        'NotAnAmplifyProject',
        `--project ${explicit} is not an Amplify project: ${path.join(root, 'amplify', '.config', 'project-config.json')} does not exist.`,
      );
    }
    return { kind: 'project', root: fs.realpathSync(root) };
  }
  let dir = path.resolve(cwd);
  for (;;) {
    if (isProjectRoot(dir)) return { kind: 'project', root: fs.realpathSync(dir) };
    const parent = path.dirname(dir);
    if (parent === dir) return { kind: 'none' };
    dir = parent;
  }
}

export function scopeKey(scope: CacheScope): string {
  return scope.kind === 'project' ? scope.root : NO_PROJECT_KEY;
}

export function describeScope(scope: CacheScope): string {
  return scope.kind === 'project' ? `project ${scope.root}` : 'use outside any Amplify project';
}
