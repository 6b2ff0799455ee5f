/**
 * What a run did, pair by pair, and the answer every handler returns (the shape README.md
 * documents under "Triggers and answers"; fields are only ever added to it).
 */

/** What happened to one (source snapshot, destination) pair. */
export type Outcome = 'copied' | 'already-copied' | 'in-progress' | 'deferred' | 'skipped' | 'failed';

export const OUTCOMES: readonly Outcome[] = ['copied', 'already-copied', 'in-progress', 'deferred', 'skipped', 'failed'];

export interface ReplicationResult {
  sourceSnapshotId: string;
  sourceRegion: string;
  destinationRegion: string;
  outcome: Outcome;
  /** The copy in the destination: new (copied) or found (already-copied, in-progress). */
  copySnapshotId?: string;
  /** The service's error code for failed and deferred results. */
  errorCode?: string;
  /** The rule that asked for this copy. */
  rule?: string;
  /** Why: the skip reason, the error message, what is awaited. */
  reason?: string;
  /** When the source snapshot was made (ISO 8601), where the run saw it: tells how long a pair has waited. */
  sourceCreatedAt?: string;
  /** Set on a dry run's pairs that a real run would copy now: the name the copy would get. */
  plannedCopyName?: string;
  /** Set when the pair was deferred because the run's time budget ran out. */
  budgetExhausted?: true;
  /**
   * Set on the one result that stands for all the pairs of a rule between two regions while one of
   * them could not be listed (it does not exist, refuses, or stays unreachable): `sourceSnapshotId` is ''.
   */
  regionUnavailable?: true;
}

export type ChoreKind = 'retention' | 'prune' | 'create-snapshot';

export type ChoreOutcome = 'done' | 'deferred' | 'failed' | 'planned';

/** Upkeep beside the copies: deadlines set on CBS copies, expired ENS copies pruned, ENS snapshots taken. */
export interface ChoreResult {
  kind: ChoreKind;
  rule: string;
  region: string;
  /** The copy given a deadline or pruned, or the snapshot taken. */
  snapshotId?: string;
  diskId?: string;
  outcome: ChoreOutcome;
  errorCode?: string;
  reason?: string;
  /** Set when the chore was deferred because the run's time budget ran out. */
  budgetExhausted?: true;
}

/** One source disk and one destination of a rule with `rpoHours`: how old the data of its newest copy is. */
export interface CoverageReport {
  rule: string;
  /** '' for a source snapshot without a disk id (it then stands alone). */
  diskId: string;
  sourceRegion: string;
  destinationRegion: string;
  /** The newest finished copy there, or null when there is none. */
  newestCopyId: string | null;
  /** How old the data in it is (its source's age), in hours; null without a finished copy. */
  newestCopyAgeHours: number | null;
  rpoHours: number;
  breached: boolean;
}

/** A copy still being made long after it started. */
export interface StuckCopy {
  rule: string;
  region: string;
  snapshotId: string;
  sourceSnapshotId: string;
  /** When the copy began (ISO 8601). */
  sinceAt: string;
  ageHours: number;
  limitHours: number;
}

/** What this run newly has to say about a breach or a stuck copy (each said once: see engine/rpo.ts). */
export interface Alert {
  kind: 'rpo-breach' | 'rpo-breach-reminder' | 'rpo-breach-ended' | 'stuck-copy';
  text: string;
}

/** Everything a run did, for the answer and the summary log line. */
export interface RunReport {
  results: ReplicationResult[];
  chores: ChoreResult[];
  /** Sweeps over rules with `rpoHours`: one entry per (disk, destination). */
  coverage?: CoverageReport[];
  stuckCopies?: StuckCopy[];
  alerts?: Alert[];
  /** Work not reached before the time budget ran out (already counted as deferred results). */
  budgetExhausted: boolean;
  apiCalls: number;
}

/** One asynchronous invocation of the function itself that a fan-out made: a sweep of one account. */
export interface Dispatch {
  account: string;
  /** dispatched: the platform took it (the child's own logs tell how it went); failed: it refused. */
  outcome: 'dispatched' | 'failed' | 'deferred';
  /** The platform's request id of the child invocation. */
  requestId?: string;
  errorCode?: string;
  reason?: string;
}

/** The whole invocation's failure, as an answer names it. */
export interface AnswerError {
  code: string;
  message: string;
  field?: string;
  problems?: Array<{ field: string; rule: string }>;
}

/** What every handler answers. */
export interface Answer {
  ok: boolean;
  trigger?: 'event' | 'timer' | 'manual';
  results: ReplicationResult[];
  /** Deadlines set, copies pruned, snapshots taken. */
  chores?: ChoreResult[];
  summary?: { counts: Record<Outcome, number>; apiCalls: number; budgetExhausted: boolean; durationMs: number };
  coverage?: CoverageReport[];
  stuckCopies?: StuckCopy[];
  /** Breaches and stuck copies this run tells of for the first time (the webhook gets these). */
  alerts?: Alert[];
  /** The account of the policy this run acted in; unset: the function's own. */
  account?: string;
  /** A sweep's fan-out: one asynchronous invocation of this function per account its rules name. */
  dispatched?: Dispatch[];
  error?: AnswerError;
}
