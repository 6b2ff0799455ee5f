/**
 * A list of destination regions on one call (ENS DestinationRegionIds, CBS DestinationRegions):
 * non-empty, each a region id, no repeats, none equal to the source. Entries are named `Field[i]`.
 */
import type { FieldProblem } from '../contracts/errors';
import { checkRegionId } from './ids';

const MAX_DESTINATIONS = 100;

export function regionListProblems(field: string, regions: readonly string[], source: string, sourceWord: string): FieldProblem[] {
  if (regions.length === 0) return [{ field, rule: 'must name at least one destination', value: regions }];
  if (regions.length > MAX_DESTINATIONS)
    return [{ field, rule: `must name at most ${MAX_DESTINATIONS} destinations`, value: regions.length }];
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  regions.forEach((region, index) => {
    const entry = `${field}[${index}]`;
    const form = checkRegionId(region);
    if (form !== null) problems.push({ field: entry, rule: form, value: region });
    else if (region === source) problems.push({ field: entry, rule: `must differ from ${sourceWord}`, value: region });
    else if (seen.has(region)) problems.push({ field: entry, rule: 'must not repeat an earlier destination', value: region });
    seen.add(region);
  });
  return problems;
}
