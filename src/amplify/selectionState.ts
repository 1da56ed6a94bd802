import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { readProjectFile } from '../files/readRegularFile';
import { writeFileKeepingMode } from './writeFileKeepingMode';

/**
 * What configure-project changed, per environment, so that `--remove` can put the previous selection back.
 * Kept in amplify/.config/local-aws-roles.json: Amplify's .gitignore already excludes amplify/.config/local-*.
 */
export interface BridgeRecord {
  /** The role profile the bridge resolves. */
  profile: string;
  /** The bridge profile's name in the shared config file. */
  bridge: string;
  /** The environment's local-aws-info.json entry before we changed it (null: there was none). */
  previous: Record<string, unknown> | null;
}

export type SelectionState = Record<string, BridgeRecord>;

export function selectionStateFile(projectRoot: string): string {
  return path.join(projectRoot, 'amplify', '.config', 'local-aws-roles.json');
}

export function readSelectionState(projectRoot: string): SelectionState {
  const file = selectionStateFile(projectRoot);
  const text = readProjectFile(file);
  if (text === undefined) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as SelectionState) : {};
  } catch (error) {
    throw new ToolError('AmplifyFileInvalid', `${file} is not valid JSON (${(error as Error).message}).`, {
      resolution: 'Delete that file; it only remembers what configure-project changed.',
    });
  }
}

export function writeSelectionState(projectRoot: string, state: SelectionState): void {
  const file = selectionStateFile(projectRoot);
  if (Object.keys(state).length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  writeFileKeepingMode(file, `${JSON.stringify(state, null, 2)}\n`, 0o644);
}
