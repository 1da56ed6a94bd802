import { ToolError } from '../errors';
import { CATEGORY_ACTIONS, CORE_CATEGORY, categoryNames, isKnownCategory } from './categoryActions';
import { POLICY_VERSION, type PolicyDocument, type PolicyStatement } from './policyDocument';

/** Sid for a category's statement: letters only, as IAM requires. */
export function statementSid(category: string): string {
  return `Amplify${category[0].toUpperCase()}${category.slice(1)}`;
}

/** The named categories plus the ones they require, in table order, without core. */
export function expandCategories(categories: string[]): string[] {
  const wanted = new Set<string>();
  const add = (name: string) => {
    if (name === CORE_CATEGORY || wanted.has(name)) return;
    wanted.add(name);
    for (const required of CATEGORY_ACTIONS[name]?.requires ?? []) add(required);
  };
  categories.forEach(add);
  return categoryNames().filter((name) => wanted.has(name));
}

/**
 * The permissions policy for core plus `categories`: one statement per category (Sid AmplifyAuth, ...), each action
 * listed once, in the first statement that needs it, so the document stays well below IAM's size quotas.
 */
export function amplifyPermissionsPolicy(categories: string[]): PolicyDocument {
  const seen = new Set<string>();
  const statements: PolicyStatement[] = [];
  for (const category of [CORE_CATEGORY, ...expandCategories(categories)]) {
    const actions = CATEGORY_ACTIONS[category].actions.filter((action) => !seen.has(action));
    actions.forEach((action) => seen.add(action));
    if (actions.length > 0) statements.push({ Sid: statementSid(category), Effect: 'Allow', Action: actions, Resource: '*' });
  }
  return { Version: POLICY_VERSION, Statement: statements };
}

/** `--categories auth,api`: names checked against the table (case-insensitive; "core" is accepted and implied). */
export function parseCategoryList(text: string, flag = '--categories'): string[] {
  const names = text
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => name !== CORE_CATEGORY && !isKnownCategory(name));
  if (unknown.length > 0) {
    throw new ToolError(
      'UnknownCategory',
      `${flag} names ${unknown.length === 1 ? 'an unknown category' : 'unknown categories'} ${unknown.map((n) => `"${n}"`).join(', ')}; valid names are ${categoryNames().join(', ')}.`,
      { exitCode: 2 },
    );
  }
  return [...new Set(names.filter((name) => name !== CORE_CATEGORY))];
}
