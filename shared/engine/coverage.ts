/**
 * Coverage: for every source disk a rule protects and every destination of that rule, the newest
 * finished copy there and how old the data in it is. Pure: it reads listings, it never lists.
 *
 * The age of a copy is the age of the data it holds: the creation time of the source snapshot it was
 * copied from (a week-old snapshot copied a minute ago still protects week-old data). When the
 * source is no longer listed (expired, deleted), the copy's own creation time stands in.
 */
import { matchSnapshot } from '../policy/match';
import type { Rule } from '../contracts/policy';
import type { CloudKind, Snapshot } from '../contracts/snapshot';
import type { LineageReader } from './lineage';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * covered: the newest copy holds the newest source; behind: a copy exists but newer sources are not
 * copied yet; copying: no finished copy, one is being made; missing: no copy at all.
 */
export type CoverageState = 'covered' | 'behind' | 'copying' | 'missing';

export interface CoverageCopy {
  snapshotId: string;
  sourceSnapshotId: string;
  /** When the copy was made, ms since the epoch. */
  createdAt: number;
  /** When the data it holds was taken: its source's creation time, else its own. */
  dataTakenAt: number;
}

export interface CoverageEntry {
  rule: string;
  cloud: CloudKind;
  sourceRegion: string;
  /** Unset for a source without a disk id: the entry then stands for that one snapshot. */
  diskId?: string;
  destinationRegion: string;
  /** The disk's newest source snapshot the rule matches (finished or not). */
  newestSource: { snapshotId: string; createdAt: number; status: string };
  /** When the disk's oldest listed source was made: the data a destination without any copy has lacked since. */
  oldestSourceAt: number;
  newestCopy?: CoverageCopy;
  /** Every finished copy there, newest data first (`newestCopy` is the first). */
  finishedCopies: CoverageCopy[];
  /** ms from the newest copy's data to `nowMs`; unset without a finished copy. */
  ageMs?: number;
  /** Copies of this disk still being made in the destination. */
  copying: string[];
  /** Finished sources newer than the newest copy, with no copy (finished or running) in the destination. */
  notCopied: string[];
  state: CoverageState;
}

export interface CoverageInput {
  rules: readonly Rule[];
  /** Every snapshot listed in the rules' source and destination regions. */
  snapshots: readonly Snapshot[];
  lineage: LineageReader;
  nowMs: number;
}

interface DiskGroup {
  diskId: string | undefined;
  sources: Snapshot[];
}

function newestFirst(a: Snapshot, b: Snapshot): number {
  return b.createdAt - a.createdAt || a.snapshotId.localeCompare(b.snapshotId);
}

function diskKey(s: Snapshot): string {
  return s.diskId !== undefined && s.diskId !== '' ? `disk|${s.diskId}` : `snapshot|${s.snapshotId}`;
}

/** A rule's sources in one region, grouped by disk; copies, failed and deleting snapshots are left out. */
function diskGroups(rule: Rule, region: string, snapshots: readonly Snapshot[], input: CoverageInput): DiskGroup[] {
  const groups = new Map<string, DiskGroup>();
  for (const s of snapshots) {
    if (s.region !== region || s.cloud !== rule.cloud) continue;
    if (s.readiness === 'failed' || s.readiness === 'deleting') continue;
    if (input.lineage.isCopy(s) || !matchSnapshot(rule, s, input.nowMs).matched) continue;
    const key = diskKey(s);
    const group = groups.get(key);
    if (group) group.sources.push(s);
    else groups.set(key, { diskId: s.diskId || undefined, sources: [s] });
  }
  for (const g of groups.values()) g.sources.sort(newestFirst);
  return [...groups.values()];
}

function entryFor(rule: Rule, group: DiskGroup, destination: Rule['destinations'][number], sourceRegion: string, input: CoverageInput, sourcesById: Map<string, Snapshot>): CoverageEntry {
  const newest = group.sources[0] as Snapshot;
  const groupIds = new Set(group.sources.map((s) => s.snapshotId));
  const ready: CoverageCopy[] = [];
  const copying: string[] = [];
  const copiedSources = new Set<string>();
  for (const s of input.snapshots) {
    if (s.region !== destination.region || s.cloud !== rule.cloud) continue;
    const lineage = input.lineage.read(s);
    if (!lineage || lineage.sourceRegion !== sourceRegion) continue;
    const source = sourcesById.get(lineage.sourceSnapshotId);
    // A copy belongs to the disk of its source; with the source gone, to the disk it says it came from.
    const belongs = group.diskId !== undefined ? (source?.diskId ?? s.diskId) === group.diskId : groupIds.has(lineage.sourceSnapshotId);
    if (!belongs) continue;
    if (s.readiness === 'ready') {
      copiedSources.add(lineage.sourceSnapshotId);
      ready.push({ snapshotId: s.snapshotId, sourceSnapshotId: lineage.sourceSnapshotId, createdAt: s.createdAt, dataTakenAt: source?.createdAt ?? s.createdAt });
    } else if (s.readiness === 'pending') {
      copiedSources.add(lineage.sourceSnapshotId);
      copying.push(s.snapshotId);
    }
  }
  ready.sort((a, b) => b.dataTakenAt - a.dataTakenAt || b.createdAt - a.createdAt || a.snapshotId.localeCompare(b.snapshotId));
  const newestCopy = ready[0];
  const retentionMs = destination.retentionDays !== undefined ? destination.retentionDays * DAY_MS : Number.POSITIVE_INFINITY;
  const notCopied = group.sources
    .filter((s) => s.readiness === 'ready' && !copiedSources.has(s.snapshotId))
    .filter((s) => newestCopy === undefined || s.createdAt > newestCopy.dataTakenAt)
    // The planner never copies a source older than the destination's retention: not worth reporting.
    .filter((s) => input.nowMs - s.createdAt < retentionMs)
    .map((s) => s.snapshotId);
  const state: CoverageState = newestCopy ? (notCopied.length > 0 ? 'behind' : 'covered') : copying.length > 0 ? 'copying' : 'missing';
  return {
    rule: rule.name,
    cloud: rule.cloud,
    sourceRegion,
    ...(group.diskId !== undefined ? { diskId: group.diskId } : {}),
    destinationRegion: destination.region,
    newestSource: { snapshotId: newest.snapshotId, createdAt: newest.createdAt, status: newest.status },
    oldestSourceAt: Math.min(...group.sources.map((s) => s.createdAt)),
    ...(newestCopy ? { newestCopy, ageMs: Math.max(0, input.nowMs - newestCopy.dataTakenAt) } : {}),
    finishedCopies: ready,
    copying,
    notCopied,
    state,
  };
}

/** One entry per (rule, source region, disk, destination), in the rules' order, disks by id. */
export function coverage(input: CoverageInput): CoverageEntry[] {
  const entries: CoverageEntry[] = [];
  for (const rule of input.rules) {
    for (const sourceRegion of rule.sourceRegions) {
      const sourcesById = new Map(input.snapshots.filter((s) => s.region === sourceRegion && s.cloud === rule.cloud).map((s) => [s.snapshotId, s]));
      const groups = diskGroups(rule, sourceRegion, input.snapshots, input).sort((a, b) => (a.diskId ?? a.sources[0]?.snapshotId ?? '').localeCompare(b.diskId ?? b.sources[0]?.snapshotId ?? ''));
      for (const group of groups) {
        for (const destination of rule.destinations) entries.push(entryFor(rule, group, destination, sourceRegion, input, sourcesById));
      }
    }
  }
  return entries;
}

/** Whether an entry's newest copy holds data older than `maxAgeHours`, or it has no finished copy at all. */
export function isStale(entry: CoverageEntry, maxAgeHours: number): boolean {
  return entry.ageMs === undefined || entry.ageMs > maxAgeHours * HOUR_MS;
}

export function staleEntries(entries: readonly CoverageEntry[], maxAgeHours: number): CoverageEntry[] {
  return entries.filter((e) => isStale(e, maxAgeHours));
}
