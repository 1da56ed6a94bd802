import type { ProfileSet } from '../config/types';
import { type ProfileKind, type ProfileSummary, kindFrom, summaryOf } from './classifyProfile';
import type { PlanContext, VaultLookup } from './planContext';
import { ChainPlanError, cycleMissing, cyclePathPhrase } from './planErrors';
import { planStep } from './planStep';
import { profileNamed, setting } from './profileSettings';
import type { ChainBase } from './types';

/**
 * Every profile's row of `profiles` (and of the configure-project chooser), each profile's own step taken once.
 * classifyProfile plans each chain from its start, which for n profiles in one source_profile chain costs n²
 * steps (a 10,000-deep chain took over 300 s). Here what a profile gives *as a source* is remembered: that part of a
 * chain is the same whichever profile reached it (planStep depends only on the profile), so the whole set is linear.
 * The answers are classifyProfile's, which the tests check on random profile sets.
 */

/** Where the chain goes from a profile in source position. */
type Reach =
  /** Ends in a base after `steps` profiles (this one included), the last being `end`; `roles` of them are roles. */
  | { kind: 'base'; baseKey: string; roles: number; steps: number; end: string; beforeEnd: string[] }
  /** Fails at `end` (steps and beforeEnd as above). */
  | { kind: 'error'; error: ChainPlanError; steps: number; end: string; beforeEnd: string[] }
  /** Runs into a cycle: `cycle` in walk order, entered at index `entry` after `distance` profiles. */
  | { kind: 'cycle'; cycle: string[]; entry: number; distance: number };

function baseKeyOf(base: ChainBase): string {
  return Object.keys(base)[0];
}

export function classifyProfiles(
  profiles: ProfileSet,
  ssoSessions: ProfileSet = {},
  names: string[] = Object.keys(profiles),
  vault?: VaultLookup,
): ProfileSummary[] {
  const context: PlanContext = { profiles, ssoSessions, origins: {}, vault };
  const reach = new Map<string, Reach>();
  const sourceOf = (name: string) => setting(profileNamed(profiles, name), 'source_profile')!;

  /** The reach of `start` as the source of `previous`; walks only what is not known yet, without recursion. */
  function fromSource(start: string, previous: string): Reach {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let node = start;
    let before = previous;
    let outcome: Reach;
    for (;;) {
      const known = reach.get(node);
      if (known) {
        outcome = known;
        break;
      }
      const at = onPath.get(node);
      if (at !== undefined) {
        const cycle = path.slice(at);
        cycle.forEach((member, index) => reach.set(member, { kind: 'cycle', cycle, entry: index, distance: 0 }));
        path.length = at;
        outcome = reach.get(node)!;
        break;
      }
      let step;
      try {
        step = planStep(context, node, before);
      } catch (error) {
        if (!(error instanceof ChainPlanError)) throw error;
        outcome = { kind: 'error', error, steps: 1, end: node, beforeEnd: [] };
        reach.set(node, outcome);
        break;
      }
      if ('base' in step) {
        outcome = { kind: 'base', baseKey: baseKeyOf(step.base), roles: step.role ? 1 : 0, steps: 1, end: node, beforeEnd: [] };
        reach.set(node, outcome);
        break;
      }
      onPath.set(node, path.length);
      path.push(node);
      before = node;
      node = step.source;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const member = path[i];
      if (outcome.kind === 'cycle') outcome = { ...outcome, distance: outcome.distance + 1 };
      else {
        const beforeEnd = outcome.beforeEnd.length < 2 ? [member, ...outcome.beforeEnd] : outcome.beforeEnd;
        outcome =
          outcome.kind === 'base'
            ? { ...outcome, roles: outcome.roles + 1, steps: outcome.steps + 1, beforeEnd }
            : { ...outcome, steps: outcome.steps + 1, beforeEnd };
      }
      reach.set(member, outcome);
    }
    return reach.get(start)!;
  }

  /** The `missing` phrase of a root whose chain has a cycle, from its length and its first and last profiles. */
  function cyclePhrase(root: string, length: number, last: () => string[]): string {
    const first: string[] = [root];
    for (let n = root; first.length < Math.min(length, 8);) first.push((n = sourceOf(n)));
    return cycleMissing(cyclePathPhrase(length, first, length > 8 ? last() : first.slice(-3)));
  }

  function kindOfRoot(name: string): { kind: ProfileKind; missing?: string } {
    const incomplete = (error: ChainPlanError) => ({
      kind: 'incomplete' as const,
      missing: `${error.missing}${error.profile !== name ? ` in profile "${error.profile}"` : ''}`,
    });
    let step;
    try {
      step = planStep(context, name);
    } catch (error) {
      if (!(error instanceof ChainPlanError)) throw error;
      return incomplete(error);
    }
    if ('base' in step) return { kind: kindFrom(baseKeyOf(step.base), step.role ? 1 : 0) };
    const next = fromSource(step.source, name);
    if (next.kind !== 'cycle' && next.end === name) {
      // The chain comes back to the profile asked for, which as a source would have ended it: the planner's cycle.
      return { kind: 'incomplete', missing: cyclePhrase(name, next.steps + 1, () => [...next.beforeEnd, name]) };
    }
    if (next.kind === 'base') return { kind: kindFrom(next.baseKey, next.roles + 1) };
    if (next.kind === 'error') return incomplete(next.error);
    const own = reach.get(name);
    const inCycle = own?.kind === 'cycle' && own.distance === 0 && own.cycle === next.cycle;
    const { cycle } = next;
    const at = (index: number) => cycle[((index % cycle.length) + cycle.length) % cycle.length];
    // The path ends where it first repeats: the profile asked for when it is on the cycle, else the cycle's entry.
    const repeat = inCycle ? (own as { entry: number }).entry : next.entry;
    const length = inCycle ? cycle.length + 1 : 1 + next.distance + cycle.length + 1;
    return { kind: 'incomplete', missing: cyclePhrase(name, length, () => [at(repeat - 2), at(repeat - 1), at(repeat)]) };
  }

  return names.map((name) => summaryOf(profiles, name, kindOfRoot(name)));
}
