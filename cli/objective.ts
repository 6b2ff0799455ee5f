/**
 * Each coverage entry's recovery point objective and whether it is breached. The objective is the
 * rule's `rpoHours`; `status --max-age` stands in for rules that set none. A (disk, destination)
 * whose newest finished copy holds data older than the objective, or that has no finished copy, is
 * breached.
 */
import { isStale, type CoverageEntry } from '../shared/engine/coverage';
import type { Rule } from '../shared/contracts/policy';

const HOUR_MS = 3_600_000;

export interface Objective {
  hours: number;
  /** Where it comes from: the rule's rpoHours, or --max-age. */
  from: 'rpoHours' | 'max-age';
}

export type ObjectiveOf = (entry: CoverageEntry) => Objective | undefined;

export function objectives(rules: readonly Rule[], maxAgeHours: number | undefined): ObjectiveOf {
  const byRule = new Map(rules.map((r) => [r.name, r.rpoHours]));
  return (entry) => {
    const rpo = byRule.get(entry.rule);
    if (rpo !== undefined) return { hours: rpo, from: 'rpoHours' };
    return maxAgeHours !== undefined ? { hours: maxAgeHours, from: 'max-age' } : undefined;
  };
}

export function isBreached(entry: CoverageEntry, objective: Objective | undefined): boolean {
  return objective !== undefined && isStale(entry, objective.hours);
}

/** How far into its objective a copy's data is: 0 fresh, 1 at the limit, above 1 breached; undefined without a copy or objective. */
export function objectiveShare(entry: CoverageEntry, objective: Objective | undefined): number | undefined {
  if (objective === undefined || entry.ageMs === undefined) return undefined;
  return entry.ageMs / (objective.hours * HOUR_MS);
}
