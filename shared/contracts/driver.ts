/**
 * What the engine needs from a cloud, and the facts of that cloud it plans with. Implementations live
 * in shared/clouds/ and only translate: they never decide what to copy. The engine never asks which
 * cloud a driver is for; it reads the capabilities.
 */
import type { CloudError, FieldProblem } from './errors';
import type { Destination } from './policy';
import type { CloudKind, Snapshot } from './snapshot';

/** A request-rate limit the service documents for one action. */
export interface RequestLimit {
  limit: number;
  windowMs: number;
}

/**
 * The limits of one API request, set by the caller for each attempt: how long it may take at most
 * (what is left of the run's time budget), so no request outlives the run that made it.
 */
export interface CallLimits {
  timeoutMs?: number;
}

/**
 * Makes one page request of a listing. Callers pass one that retries the page on its own:
 * restarting a whole listing instead would rarely get through a region of many pages under throttling.
 */
export type PageFetch = <T>(fetch: (limits: CallLimits) => Promise<T>) => Promise<T>;

/** One request, as it is, with no limits beyond the adapter's own. */
export const directPage: PageFetch = (fetch) => fetch({});

/** What a listing may be narrowed to; callers filter the answer again. */
export interface ListHint {
  diskId?: string;
  snapshotIds?: string[];
}

/** One copy call: one source to one (ECS) or many (ENS, CBS) destinations. */
export interface CopyCall {
  source: Snapshot;
  destinations: Array<{
    destination: Destination;
    name: string;
    description?: string;
    /** Makes a repeated call return the same copy, where the service takes one (ECS). */
    clientToken?: string;
  }>;
}

/** The outcome of one destination of a copy call: a new copy, or a failure for that destination alone. */
export type CopyCallResult =
  | { destinationRegion: string; ok: true; copySnapshotId: string; note?: string }
  | { destinationRegion: string; ok: false; error: CloudError };

/** How a destination's `retentionDays` is kept. */
export type RetentionStyle =
  /** A parameter of the copy call: the service deletes the copy itself (ECS RetentionDays). */
  | 'copy-parameter'
  /** A deadline set on the copy after it exists, in its region (CBS ModifySnapshotAttribute). */
  | 'deadline'
  /** Nothing on the service: the sweep deletes its own expired copies (ENS). */
  | 'prune';

export interface DriverCapabilities {
  /** 'one': a copy call carries one destination (ECS); 'many': one call carries every destination (ENS, CBS). */
  readonly destinationsPerCall: 'one' | 'many';
  /**
   * Whether repeating a copy call after a timeout or 5xx can never make a second copy (ECS with its
   * ClientToken; CBS, where a running copy refuses another). Otherwise a lost answer is left to the
   * next sweep, which sees what the lost call did.
   */
  readonly copyRetrySafe: boolean;
  /** The service runs at most one copy per (source disk, destination region) at a time (ECS). */
  readonly oneCopyPerDiskAndDestination: boolean;
  readonly retention: RetentionStyle;
  /**
   * A copy call may answer a copy made earlier and since deleted or failed (ECS answers the first copy
   * of a repeated ClientToken): the engine looks the answered copies up after the calls.
   */
  readonly answersMayNameGoneCopies: boolean;
  /** The driver can take snapshots of disks itself (ENS CreateSnapshot). */
  readonly takesSnapshots: boolean;
}

/** Every method throws CloudError on failure; one the capabilities rule out throws a plain Error. */
export interface CloudDriver {
  readonly cloud: CloudKind;
  readonly capabilities: DriverCapabilities;
  /** The documented limit of the copy action (client-side pacing keeps under it). */
  readonly copyLimit: RequestLimit;
  /**
   * Every snapshot in a region, all pages. `hint` may narrow the listing; callers filter again.
   * Each page request goes through `page`, so a failed page is retried alone.
   */
  listSnapshots(region: string, hint: ListHint | undefined, page: PageFetch): Promise<Snapshot[]>;
  /** Every parameter `copy` would send, checked by the API documents' rules; an empty list when all hold. */
  validate(call: CopyCall): FieldProblem[];
  copy(call: CopyCall, limits?: CallLimits): Promise<CopyCallResult[]>;
  /** retention 'deadline': put a deadline on a copy (ms since the epoch). */
  setDeadline(region: string, snapshotId: string, deadlineMs: number, limits?: CallLimits): Promise<void>;
  /** Remove an expired copy (or a scheduled snapshot); one already gone is not an error. */
  deleteSnapshot(region: string, snapshotId: string, limits?: CallLimits): Promise<'deleted' | 'already-gone'>;
  /** takesSnapshots: take a snapshot of a disk; answers the new snapshot's id. */
  createSnapshot(region: string, diskId: string, name: string, limits?: CallLimits): Promise<string>;
  /** API calls made so far (for the summary line and the benchmarks). */
  readonly callCount: number;
}
