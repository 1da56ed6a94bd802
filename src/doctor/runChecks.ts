import { isToolError } from '../errors';
import type { Check, CheckOutcome, CheckResult } from './types';

async function outcomeOf<C>(check: Check<C>, context: C): Promise<CheckOutcome> {
  try {
    return await check.run(context);
  } catch (error) {
    if (isToolError(error)) return { status: 'fail', message: error.message, ...(error.resolution ? { fix: error.resolution } : {}) };
    return { status: 'fail', message: `The ${check.id} check could not run: ${error instanceof Error ? error.message : String(error)}.` };
  }
}

function listed(ids: string[]): string {
  return ids.length === 1 ? ids[0] : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/**
 * Runs the checks in order. A check whose prerequisite failed (or was skipped because of a failure) is not run:
 * it is reported as skipped, naming the failed check at the root. A skip that merely means "not applicable"
 * blocks nothing.
 */
export async function runChecks<C>(checks: Check<C>[], context: C): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  /** For each failed or blocked check: the failed checks at the root of it. */
  const blockedBy = new Map<string, string[]>();
  for (const check of checks) {
    const roots = [...new Set(check.needs.flatMap((id) => blockedBy.get(id) ?? []))];
    if (roots.length > 0) {
      blockedBy.set(check.id, roots);
      results.push({ id: check.id, status: 'skip', message: `Skipped because ${listed(roots)} failed.` });
      continue;
    }
    const outcome = await outcomeOf(check, context);
    if (outcome.status === 'fail') blockedBy.set(check.id, [check.id]);
    results.push({ id: check.id, ...outcome });
  }
  return results;
}
