import * as path from 'node:path';
import { findProjectRoot } from '../cache/projectScope';
import { ToolError } from '../errors';
import { readProjectFile } from '../files/readRegularFile';
import { categoryNames, isKnownCategory } from './categoryActions';
import { parseCategoryList } from './permissionsPolicy';

/** Which categories a policy covers, and why (shown to the user). */
export interface CategorySelection {
  categories: string[];
  source: 'flag' | 'prompt' | 'project' | 'all';
  /** backend-config.json when source is "project". */
  file?: string;
  /** Categories of the project this tool has no actions for (warned about). */
  unknown: string[];
}

/** The top-level keys of amplify/backend/backend-config.json are the project's categories. A fresh project has none. */
export function readProjectCategories(root: string): { file: string; categories: string[]; unknown: string[] } {
  const file = path.join(root, 'amplify', 'backend', 'backend-config.json');
  const text = readProjectFile(file);
  if (text === undefined) return { file, categories: [], unknown: [] };
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new ToolError('AmplifyFileInvalid', `${file} is not valid JSON (${(error as Error).message}).`, {
      resolution: 'Fix the file, or name the categories with --categories.',
    });
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ToolError('AmplifyFileInvalid', `${file} must hold a JSON object whose keys are the project's categories.`);
  }
  const keys = Object.keys(config).map((key) => key.toLowerCase());
  return { file, categories: keys.filter(isKnownCategory), unknown: keys.filter((key) => !isKnownCategory(key)) };
}

/** --categories wins; else the Amplify project found from cwd (or --project); else every category. */
export function selectCategories(options: { flag?: string; cwd: string; project?: string }): CategorySelection {
  if (options.flag !== undefined) return { categories: parseCategoryList(options.flag), source: 'flag', unknown: [] };
  const scope = findProjectRoot(options.cwd, options.project);
  if (scope.kind === 'project') {
    const found = readProjectCategories(scope.root);
    return { categories: found.categories, source: 'project', file: found.file, unknown: found.unknown };
  }
  return { categories: categoryNames(), source: 'all', unknown: [] };
}

export function describeSelection(selection: CategorySelection): string {
  const names = selection.categories.length > 0 ? `core, ${selection.categories.join(', ')}` : 'core only';
  if (selection.source === 'flag') return `${names} (from --categories)`;
  if (selection.source === 'prompt') return `${names} (as answered)`;
  if (selection.source === 'project') return `${names} (from ${selection.file})`;
  return `${names} (every category: not in an Amplify project and no --categories)`;
}
