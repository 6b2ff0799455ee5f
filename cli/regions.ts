import type { Rule } from '../shared/contracts/policy';
import type { CloudKind } from '../shared/contracts/snapshot';
/** Every region (or edge node) the rules read, per cloud: sources and destinations, each once. */
export function regionsByCloud(rules: readonly Rule[]): Map<CloudKind, string[]> {
  const out = new Map<CloudKind, Set<string>>();
  for (const rule of rules) {
    const regions = out.get(rule.cloud) ?? new Set<string>();
    for (const r of rule.sourceRegions) regions.add(r);
    for (const d of rule.destinations) regions.add(d.region);
    out.set(rule.cloud, regions);
  }
  return new Map([...out].map(([cloud, regions]) => [cloud, [...regions]]));
}

export function regionCount(rules: readonly Rule[]): number {
  let n = 0;
  for (const regions of regionsByCloud(rules).values()) n += regions.length;
  return n;
}
