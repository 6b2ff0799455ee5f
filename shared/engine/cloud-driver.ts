import type { CloudError } from '../clouds/cloud-error';
import type { PageFetch } from '../clouds/page-fetch';
import type { FieldProblem } from '../errors';
import type { Destination } from '../policy/types';
import type { CloudKind, Snapshot } from '../snapshot';

/** A request-rate limit the service documents for one action. */
export interface RequestLimit {
  limit: number;
  windowMs: number;
}

export type { PageFetch } from '../clouds/page-fetch';

/** One copy call: one source to one (ECS) or many (ENS, CBS) destinations. */
export interface CopyCall {
  source: Snapshot;
  destinations: Array<{
    destination: Destination;
    name: string;
    description?: string;
    /** ECS: makes a repeated call return the same copy. */
    clientToken?: string;
  }>;
}

/** The outcome of one destination of a copy call: a new copy, or a failure for that destination alone. */
export type CopyCallResult =
  | { destinationRegion: string; ok: true; copySnapshotId: string; note?: string }
  | { destinationRegion: string; ok: false; error: CloudError };

/**
 * What the engine needs from a cloud. Implementations live in shared/clouds/ and only translate:
 * they never decide what to copy. Every method throws CloudError on failure.
 */
export interface CloudDriver {
  readonly cloud: CloudKind;
  /** ECS copies one destination per call; ENS and CBS take many destinations in one call. */
  readonly destinationsPerCall: 'one' | 'many';
  /**
   * Whether repeating a copy call after a timeout or 5xx can never make a second copy: true for ECS
   * (ClientToken) and CBS (a running copy refuses another); false for ENS, whose copies are then
   * left to the next sweep, which sees what the lost call did.
   */
  readonly copyRetrySafe: boolean;
  /** The documented limit of the copy action (client-side pacing keeps under it). */
  readonly copyLimit: RequestLimit;
  /**
   * Every snapshot in a region, all pages. `hint` may narrow the listing; callers filter again.
   * Each page request goes through `page`, so a failed page is retried alone.
   */
  listSnapshots(region: string, hint: { diskId?: string; snapshotIds?: string[] } | undefined, page: PageFetch): Promise<Snapshot[]>;
  /** Every parameter `copy` would send, checked by the API documents' rules; an empty list when all hold. */
  validate(call: CopyCall): FieldProblem[];
  copy(call: CopyCall): Promise<CopyCallResult[]>;
  /** CBS: put a deadline on a copy (ms since the epoch). */
  setDeadline?(region: string, snapshotId: string, deadlineMs: number): Promise<void>;
  /** ENS: remove an expired copy. */
  deleteSnapshot?(region: string, snapshotId: string): Promise<void>;
  /** ENS: take a snapshot of a disk; answers the new snapshot's id. */
  createSnapshot?(region: string, diskId: string, name: string): Promise<string>;
  /** API calls made so far (for the summary line and the benchmarks). */
  readonly callCount: number;
}
