import type { CloudKind } from './snapshot';

/** One place a matching snapshot must also exist. */
export interface Destination {
  /** Region id (ECS, CBS) or edge node id (ENS). */
  region: string;
  /** ECS: RetentionDays on the copy. CBS: a Deadline on the copy. ENS: the sweep prunes older copies. */
  retentionDays?: number;
  /** ECS only. */
  encrypted?: boolean;
  /** ECS only; needs `encrypted: true`. */
  kmsKeyId?: string;
  /** ECS only: tags put on the copy. */
  tags?: Record<string, string>;
}

/** Conditions are ANDed; a missing condition matches everything. */
export interface Match {
  tags?: Record<string, string>;
  diskIds?: string[];
  /** A glob on the snapshot name: `*` any run of characters, `?` one character. */
  namePattern?: string;
  /** ECS snapshot types: user | timer | imported (copies are never sources). */
  snapshotTypes?: string[];
  /** Only snapshots created within this many hours. */
  maxAgeHours?: number;
}

/** ENS only: snapshots this rule takes itself on each timer tick. */
export interface CreateSnapshots {
  diskIds: string[];
  /** A disk gets a new snapshot when its newest one made by this rule is older than this. */
  intervalHours: number;
  /** Snapshots this rule took are deleted once older than this (never a disk's newest); kept forever when unset. */
  retentionDays?: number;
}

export interface Rule {
  /** Unique; recorded in each copy's mark. Letters, digits, `_` and `-`, starting with a letter. */
  name: string;
  cloud: CloudKind;
  sourceRegions: string[];
  match: Match;
  destinations: Destination[];
  /** Template of the copy's name: {rule} {sourceId} {sourceName} {sourceRegion} {destinationRegion} {diskId} {date}. */
  copyName: string;
  /** Template of the copy's description; unset leaves it empty. */
  copyDescription?: string;
  createSnapshots?: CreateSnapshots;
  /**
   * Recovery-point objective: every source disk's newest finished copy in each destination should
   * hold data younger than this many hours. Sweeps report each (disk, destination) and notify breaches.
   */
  rpoHours?: number;
  /** A copy still in progress after this many hours is reported stuck (default per cloud: engine/rpo.ts). */
  stuckCopyHours?: number;
  /** The accounts (policy `accounts[].name`) whose snapshots this rule replicates; unset: the function's own. */
  accounts?: string[];
}

/** Which accounts a role of an account belongs to: Alibaba (RAM) for ECS and ENS, Tencent (CAM) for CBS. */
export type AccountCloud = 'aliyun' | 'tencent';

/** Another account the functions reach through a role in it (STS AssumeRole with the function's own credentials). */
export interface Account {
  /** Unique; named by rules, logs, notifications and the `account` of a sweep. */
  name: string;
  cloud: AccountCloud;
  /** Alibaba `acs:ram::<account id>:role/<name>`; Tencent `qcs::cam::uin/<account id>:roleName/<name>`. */
  roleArn: string;
}

export interface Policy {
  rules: Rule[];
  accounts?: Account[];
}
