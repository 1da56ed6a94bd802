import { isToolError } from '../errors';
import type { Check, CheckOutcome, CheckResult } from './types';

async function outcomeOf<C>(check: Check<C>, context: C, earlier: readonly CheckResult[]): Promise<CheckOutcome> {
  try {
    return await check.run(context, earlier);
  } catch (error) {
    if (isToolError(error)) return { status: 'fail', message: error.message, ...(error.resolution ? { fix: error.resolution } : {}) };
    return { status: 'fail', message: `The ${check.id} check could not run: ${error instanceof Error ? error.message : String(error)}.` };
  }
}

function listed(ids: string[]): string {
  return ids.length === 1 ? ids[0] : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/** Offline checks first (in list order), then those that call STS (in list order): a check added anywhere slots in. */
export function inRunOrder<C>(checks: readonly Check<C>[]): Check<C>[] {
  return [...checks.filter((check) => !check.online), ...checks.filter((check) => check.online)];
}

/**
 * Runs the checks, offline ones first, telling `onResult` each result as it comes. A check whose prerequisite
 * failed (or was skipped because of a failure) is not run: it is reported as skipped, naming the failed check at the
 * root. A skip that merely means "not applicable" blocks nothing.
 */
export async function runChecks<C>(
  checks: readonly Check<C>[],
  context: C,
  onResult: (result: CheckResult) => void = () => undefined,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const push = (result: CheckResult) => {
    results.push(result);
    onResult(result);
  };
  /** For each failed or blocked check: the failed checks at the root of it. */
  const blockedBy = new Map<string, string[]>();
  for (const check of inRunOrder(checks)) {
    const roots = [...new Set(check.needs.flatMap((id) => blockedBy.get(id) ?? []))];
    if (roots.length > 0) {
      blockedBy.set(check.id, roots);
      push({ id: check.id, status: 'skip', message: `Skipped because ${listed(roots)} failed.` });
      continue;
    }
    const outcome = await outcomeOf(check, context, results.slice());
    if (outcome.status === 'fail') blockedBy.set(check.id, [check.id]);
    push({ id: check.id, ...outcome });
  }
  return results;
}
