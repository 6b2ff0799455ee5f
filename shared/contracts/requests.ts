/** Every way a function is invoked, reduced to one shape the engine runs. */
import type { Destination } from './policy';
import type { CloudKind } from './snapshot';

export type Trigger =
  | {
      kind: 'event';
      events: SnapshotEvent[];
      /** Regions an event named without saying which snapshot (a CloudAudit log without its id): swept instead. */
      regionsToSweep?: string[];
    }
  | {
      kind: 'timer';
      request: SweepRequest;
      /** Why the timer's text was not read as sweep options (free text typed in a console): logged once. */
      ignoredText?: string;
    }
  | { kind: 'manual'; request: ManualRequest };

/** A snapshot the platform says was just made. */
export interface SnapshotEvent {
  cloud: CloudKind;
  snapshotId: string;
  region: string;
  diskId?: string;
  name?: string;
  snapshotType?: string;
  eventId?: string;
  time?: string;
  /** why this event makes no copy (loop guard, failed snapshot), if so */
  skip?: string;
  /** the snapshot may not be ready yet (CBS CloudAudit fires on the call) */
  notReadyYet?: boolean;
}

export interface SweepRequest {
  action: 'sweep';
  rules?: string[];
  dryRun?: boolean;
}

export interface CopyRequest {
  action: 'copy';
  cloud: CloudKind;
  snapshotId: string;
  sourceRegion: string;
  destinations: Destination[];
  rule?: string;
  copyName?: string;
  copyDescription?: string;
}

export type ManualRequest = SweepRequest | CopyRequest;
