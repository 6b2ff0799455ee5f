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
  /** Sweep this account of the policy (its rules only), through its role; unset: the function's own rules, and a fan-out to the accounts. */
  account?: string;
  /** A fan-out's child: the timer tick (ISO 8601) it sweeps for, so it tells RPO alerts as that tick would. */
  tick?: string;
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
  /** Copy in this account of the policy, through its role; unset: the function's own. */
  account?: string;
}

export type ManualRequest = SweepRequest | CopyRequest;
