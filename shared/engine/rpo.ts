/**
 * What a sweep tells of recovery points, from the listings it already made (no call of its own):
 * for every disk and destination of a rule with `rpoHours`, the newest finished copy and the age of
 * the data in it, and whether that breaks the RPO; and copies still being made long after they began.
 *
 * Telling once, without a database: every breach has a start in time that the listings alone give
 * (the newest copy's data time plus the RPO or, with no copy at all, the disk's oldest source plus the
 * RPO). Timer sweeps run on a fixed grid (every `periodMs`, from the top of the hour), and each tells
 * of what started in the grid step before its tick, (tick - period, tick]: the steps tile time, so
 * exactly one sweep tells of each start, however late within its step it runs. A breach that lasts is
 * told again every `reminderMs` after its start; a stuck copy once, when it crosses its limit.
 *
 * The end of a breach is told by the sweep whose step holds the creation of the copy that ended it,
 * when that sweep sees the copy finished. No cloud says when a copy finished, so a copy that takes
 * longer than the rest of its step ends its breach without a message (the next answers and logs show
 * it over); one that takes far longer is told as stuck. A tick that did not run loses its step's
 * messages; the answers and the logs carry every breach on every sweep.
 */
import type { Rule } from '../contracts/policy';
import type { Alert, CoverageReport, StuckCopy } from '../contracts/results';
import type { CloudKind, Snapshot } from '../contracts/snapshot';
import { coverage, isStale, type CoverageEntry } from './coverage';
import type { LineageReader } from './lineage';

const HOUR_MS = 3_600_000;

/** How long a copy may stay in progress before it is reported, unless a rule says (`stuckCopyHours`). */
const DEFAULT_STUCK_COPY_HOURS: Record<CloudKind, number> = {
  // Cross-region copies of large disks take hours; a day without progress is not normal.
  'aliyun-ecs': 24,
  'tencent-cbs': 24,
  // Copies between edge nodes of one provider's network are smaller and nearer.
  'aliyun-ens': 12,
};

export interface RpoInput {
  /** The sweep's rules: coverage for those with `rpoHours`, stuck copies for all. */
  rules: readonly Rule[];
  snapshots: readonly Snapshot[];
  lineage: LineageReader;
  nowMs: number;
  /** The timer's period; 0 for a run that is not a timer tick, which tells nothing (no alerts). */
  periodMs: number;
  /** A breach that lasts is told again this often; 0 never. */
  reminderMs: number;
  /** When the timer fired for this run (a fan-out's child runs a little later for its parent's tick); default `nowMs`. */
  tickAt?: number;
}

export interface RpoReport {
  coverage: CoverageReport[];
  stuckCopies: StuckCopy[];
  alerts: Alert[];
}

const hours = (ms: number): number => Math.round((ms / HOUR_MS) * 100) / 100;

function where(e: CoverageEntry): string {
  return `${e.rule}: disk ${e.diskId ?? e.newestSource.snapshotId} ${e.sourceRegion} -> ${e.destinationRegion}`;
}

/** The data a destination held just before `t`: the newest data among copies made before then. */
function dataHeldBefore(e: CoverageEntry, t: number): number | undefined {
  const before = e.finishedCopies.filter((c) => c.createdAt < t).map((c) => c.dataTakenAt);
  return before.length > 0 ? Math.max(...before) : undefined;
}

/** What one (disk, destination) newly has to say: its breach began, goes on, or just ended. */
function breachAlert(e: CoverageEntry, rpoMs: number, nowMs: number, inStep: (t: number) => boolean, reminderMs: number): Alert | undefined {
  if (isStale(e, rpoMs / HOUR_MS)) {
    const startedAt = (e.newestCopy?.dataTakenAt ?? e.oldestSourceAt) + rpoMs;
    const held = e.newestCopy ? `newest copy ${e.newestCopy.snapshotId} holds data ${hours(e.ageMs ?? 0)} h old` : 'no finished copy';
    if (inStep(startedAt)) return { kind: 'rpo-breach', text: `RPO breach ${where(e)}: ${held} (RPO ${rpoMs / HOUR_MS} h)` };
    if (reminderMs <= 0 || startedAt >= nowMs) return undefined;
    const remindAt = startedAt + Math.floor((nowMs - startedAt) / reminderMs) * reminderMs;
    if (remindAt > startedAt && inStep(remindAt)) {
      return { kind: 'rpo-breach-reminder', text: `RPO breach for ${hours(nowMs - startedAt)} h ${where(e)}: ${held} (RPO ${rpoMs / HOUR_MS} h)` };
    }
    return undefined;
  }
  // Not breached now: did a copy made in this step end a breach, i.e. was the data held before it too old?
  for (const copy of e.finishedCopies) {
    if (!inStep(copy.createdAt)) continue;
    const before = dataHeldBefore(e, copy.createdAt) ?? e.oldestSourceAt;
    if (copy.createdAt > before + rpoMs) {
      return { kind: 'rpo-breach-ended', text: `RPO breach over ${where(e)}: copy ${copy.snapshotId} holds data ${hours(nowMs - copy.dataTakenAt)} h old (RPO ${rpoMs / HOUR_MS} h)` };
    }
  }
  return undefined;
}

function coverageReport(e: CoverageEntry, rpoMs: number): CoverageReport {
  return {
    rule: e.rule,
    diskId: e.diskId ?? '',
    sourceRegion: e.sourceRegion,
    destinationRegion: e.destinationRegion,
    newestCopyId: e.newestCopy?.snapshotId ?? null,
    newestCopyAgeHours: e.ageMs === undefined ? null : hours(e.ageMs),
    rpoHours: rpoMs / HOUR_MS,
    breached: isStale(e, rpoMs / HOUR_MS),
  };
}

/** Copies of the rules' sources still being made after their rule's limit. */
function stuckCopies(input: RpoInput): StuckCopy[] {
  const out: StuckCopy[] = [];
  for (const copy of input.snapshots) {
    if (copy.readiness !== 'pending') continue;
    const lineage = input.lineage.read(copy);
    if (!lineage) continue;
    const rule = input.rules.find((r) => r.cloud === copy.cloud && r.sourceRegions.includes(lineage.sourceRegion) && r.destinations.some((d) => d.region === copy.region));
    if (!rule) continue;
    const limitHours = rule.stuckCopyHours ?? DEFAULT_STUCK_COPY_HOURS[rule.cloud];
    const age = input.nowMs - copy.createdAt;
    if (age > limitHours * HOUR_MS) {
      out.push({ rule: rule.name, region: copy.region, snapshotId: copy.snapshotId, sourceSnapshotId: lineage.sourceSnapshotId, sinceAt: new Date(copy.createdAt).toISOString(), ageHours: hours(age), limitHours });
    }
  }
  return out;
}

export function evaluateRpo(input: RpoInput): RpoReport {
  const tick = input.periodMs > 0 ? Math.floor((input.tickAt ?? input.nowMs) / input.periodMs) * input.periodMs : Number.NEGATIVE_INFINITY;
  const inStep = (t: number): boolean => input.periodMs > 0 && t <= tick && t > tick - input.periodMs;
  const watched = input.rules.filter((r) => r.rpoHours !== undefined);
  const out: RpoReport = { coverage: [], stuckCopies: stuckCopies(input), alerts: [] };
  for (const e of coverage({ rules: watched, snapshots: input.snapshots, lineage: input.lineage, nowMs: input.nowMs })) {
    const rpoMs = (watched.find((r) => r.name === e.rule)?.rpoHours ?? 0) * HOUR_MS;
    out.coverage.push(coverageReport(e, rpoMs));
    const alert = breachAlert(e, rpoMs, input.nowMs, inStep, input.reminderMs);
    if (alert) out.alerts.push(alert);
  }
  for (const s of out.stuckCopies) {
    if (inStep(Date.parse(s.sinceAt) + s.limitHours * HOUR_MS)) {
      out.alerts.push({ kind: 'stuck-copy', text: `copy ${s.snapshotId} of ${s.sourceSnapshotId} in ${s.region} still in progress after ${s.ageHours} h (limit ${s.limitHours} h, rule ${s.rule})` });
    }
  }
  return out;
}
