/**
 * The seed that `POST /_admin/reset` and `startLocalCloud({ seed })` take, and the shape
 * `GET /_admin/state` answers with (state adds copies and lineage). Times are ISO 8601 strings.
 */

export interface AliyunKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** Set for STS keys: requests must then carry this SecurityToken. */
  securityToken?: string;
}

export interface TencentKey {
  secretId: string;
  secretKey: string;
  /** Set for temporary keys: requests must then carry this X-TC-Token. */
  sessionToken?: string;
}

export interface EcsSnapshotSeed {
  snapshotId: string;
  regionId: string;
  diskId: string;
  name?: string;
  description?: string;
  /** progressing | accomplished | failed */
  status?: string;
  /** 0..100; `progressing` snapshots finish when the clock passes `completesAt`. */
  progress?: number;
  /** user | timer | copied | imported */
  snapshotType?: string;
  /** standard | flash | archive | local (local and archive snapshots cannot be copied) */
  category?: string;
  tags?: Record<string, string>;
  encrypted?: boolean;
  kmsKeyId?: string;
  retentionDays?: number;
  sourceDiskSize?: number;
  creationTime?: string;
  /** When a `progressing` snapshot becomes `accomplished`. */
  completesAt?: string;
  /** Lineage, set on copies. */
  sourceSnapshotId?: string;
  sourceRegion?: string;
}

export interface EcsSeed {
  regions: string[];
  snapshots?: EcsSnapshotSeed[];
}

export interface EnsDiskSeed {
  diskId: string;
  ensRegionId: string;
  /** MiB, as ENS reports sizes. */
  size?: number;
  /** `system` or `data` (default): DescribeSnapshots answers it as SourceDiskType "1" or "2". */
  type?: 'system' | 'data';
  /** cloud_efficiency (default) | cloud_ssd | local_hdd | local_ssd: DescribeSnapshots' SourceDiskCategory. */
  category?: string;
}

export interface EnsSnapshotSeed {
  snapshotId: string;
  ensRegionId: string;
  diskId?: string;
  name?: string;
  description?: string;
  /** creating | available | deleting | error */
  status?: string;
  creationTime?: string;
  completesAt?: string;
  size?: number;
  sourceSnapshotId?: string;
  sourceRegion?: string;
}

export interface EnsSeed {
  regions: string[];
  disks?: EnsDiskSeed[];
  snapshots?: EnsSnapshotSeed[];
}

export interface CbsSnapshotSeed {
  snapshotId: string;
  region: string;
  diskId?: string;
  name?: string;
  /** NORMAL | CREATING | COPYING_FROM_REMOTE | CHECKING_COPIED | TORECYCLE ... */
  state?: string;
  diskSize?: number;
  createTime?: string;
  completesAt?: string;
  isPermanent?: boolean;
  deadline?: string;
  copyFromRemote?: boolean;
  sourceSnapshotId?: string;
  sourceRegion?: string;
}

export interface CbsSeed {
  regions: string[];
  snapshots?: CbsSnapshotSeed[];
}

/**
 * How long emulated work takes, in emulated seconds (0 or more: 1 finishes within a second of real
 * time, 7200 needs two hours of `POST /_admin/advance`).
 */
export interface TimingSeed {
  ecsCopySeconds?: number;
  ensCopySeconds?: number;
  ensCreateSeconds?: number;
  cbsCopySeconds?: number;
}

/**
 * Which of the documented answer forms the local cloud gives, where the official sources disagree
 * (docs/api-facts.md § "ENS id forms", § "ENS CreateSnapshot", § "ENS DescribeSnapshots",
 * § "ENS DeleteSnapshot"), so a client is tested against each.
 */
export interface VariantsSeed {
  /** ENS CreateSnapshot `SnapShotId`: `list` (the SDK model and current page, the default) or `string` (older pages). */
  ensSnapShotId?: 'list' | 'string';
  /** Prefix of the ENS snapshot ids the local cloud makes: `sp-` (the default) or `s-`. */
  ensSnapshotIdPrefix?: 'sp-' | 's-';
  /** ENS DescribeSnapshots `CreationTime`: `iso` (2020-08-20T14:52:28Z, the default) or `naive` (2020-08-20 14:52:28, UTC). */
  ensCreationTime?: 'iso' | 'naive';
  /** The code ENS DeleteSnapshot answers for a snapshot that does not exist (both are documented). */
  ensSnapshotNotFound?: 'ERROR_SNAPSHOT_NOT_FOUND' | 'INSTANCE_ID_NOT_FOUND';
}

/**
 * Answer fields to send under another name, keyed `service.Action`, then by the field's path in the
 * answer (`Snapshots[].SourceSnapshotId`, `SnapshotSet[].SnapshotState`): a test hook that makes the
 * local cloud drift from the official shape, so a test can show its conformance checks notice.
 */
export type AnswerRenames = Record<string, Record<string, string>>;

export interface Seed {
  credentials?: { aliyun?: AliyunKey[]; tencent?: TencentKey[] };
  ecs?: EcsSeed;
  ens?: EnsSeed;
  cbs?: CbsSeed;
  timing?: TimingSeed;
  variants?: VariantsSeed;
  renameAnswerFields?: AnswerRenames;
}

export const DEFAULT_TIMING: Required<TimingSeed> = {
  ecsCopySeconds: 300,
  ensCopySeconds: 240,
  ensCreateSeconds: 60,
  cbsCopySeconds: 300,
};

export const DEFAULT_VARIANTS: Required<VariantsSeed> = {
  ensSnapShotId: 'list',
  ensSnapshotIdPrefix: 'sp-',
  ensCreationTime: 'iso',
  ensSnapshotNotFound: 'ERROR_SNAPSHOT_NOT_FOUND',
};

/** The state answer: the same sections, with every snapshot (sources and copies) as it is now. */
export interface CloudStateView {
  ecs: { regions: string[]; snapshots: EcsSnapshotSeed[] };
  ens: { regions: string[]; disks: EnsDiskSeed[]; snapshots: EnsSnapshotSeed[] };
  cbs: { regions: string[]; snapshots: Array<CbsSnapshotSeed & { copyingToRegions?: string[] }> };
}
