/**
 * Whether a rule wants a snapshot copied. Conditions are ANDed; a missing condition matches everything.
 * Copies are never sources, whatever the rule says: that is the loop guard.
 */
import type { Snapshot } from '../contracts/snapshot';
import { type CompiledGlob, compileGlob, globMatches } from './glob';
import type { Rule } from '../contracts/policy';
export type MatchResult = { matched: true } | { matched: false; reason: string };

const HOUR_MS = 3_600_000;

/** A warm function meets the same few patterns on every run: each is compiled once. */
const globCache = new Map<string, CompiledGlob>();

function nameMatches(glob: string, name: string): boolean {
  let compiled = globCache.get(glob);
  if (compiled === undefined) {
    compiled = compileGlob(glob);
    globCache.set(glob, compiled);
  }
  return globMatches(compiled, name);
}

function no(reason: string): MatchResult {
  return { matched: false, reason };
}

export function matchSnapshot(rule: Rule, snapshot: Snapshot, nowMs: number): MatchResult {
  if (snapshot.lineage !== undefined || snapshot.isCopy || snapshot.snapshotType === 'copied') return no('is a copy');
  if (snapshot.cloud !== rule.cloud) return no(`is on ${snapshot.cloud}, not ${rule.cloud}`);
  if (!rule.sourceRegions.includes(snapshot.region)) return no(`region ${snapshot.region} is not a source region of rule ${rule.name}`);
  const { tags, diskIds, namePattern, snapshotTypes, maxAgeHours } = rule.match;
  if (tags !== undefined) {
    for (const [key, value] of Object.entries(tags)) {
      if (!Object.hasOwn(snapshot.tags, key)) return no(`has no tag ${key}`);
      if (snapshot.tags[key] !== value) return no(`tag ${key} is not ${JSON.stringify(value)}`);
    }
  }
  if (diskIds !== undefined && (snapshot.diskId === undefined || !diskIds.includes(snapshot.diskId)))
    return no(`disk ${snapshot.diskId ?? '(none)'} is not one of the rule's disks`);
  if (namePattern !== undefined && !nameMatches(namePattern, snapshot.name ?? ''))
    return no(`name ${JSON.stringify(snapshot.name ?? '')} does not match ${JSON.stringify(namePattern)}`);
  if (snapshotTypes !== undefined && (snapshot.snapshotType === undefined || !snapshotTypes.includes(snapshot.snapshotType)))
    return no(`snapshot type ${snapshot.snapshotType ?? '(none)'} is not one of ${snapshotTypes.join(', ')}`);
  if (maxAgeHours !== undefined && nowMs - snapshot.createdAt > maxAgeHours * HOUR_MS)
    return no(`is older than ${maxAgeHours} hours`);
  return { matched: true };
}
