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
  size?: number;
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

/** How long emulated work takes, in emulated seconds. */
export interface TimingSeed {
  ecsCopySeconds?: number;
  ensCopySeconds?: number;
  ensCreateSeconds?: number;
  cbsCopySeconds?: number;
}

export interface Seed {
  credentials?: { aliyun?: AliyunKey[]; tencent?: TencentKey[] };
  ecs?: EcsSeed;
  ens?: EnsSeed;
  cbs?: CbsSeed;
  timing?: TimingSeed;
}

export const DEFAULT_TIMING: Required<TimingSeed> = {
  ecsCopySeconds: 300,
  ensCopySeconds: 240,
  ensCreateSeconds: 60,
  cbsCopySeconds: 300,
};

/** The state answer: the same sections, with every snapshot (sources and copies) as it is now. */
export interface CloudStateView {
  ecs: { regions: string[]; snapshots: EcsSnapshotSeed[] };
  ens: { regions: string[]; disks: EnsDiskSeed[]; snapshots: EnsSnapshotSeed[] };
  cbs: { regions: string[]; snapshots: Array<CbsSnapshotSeed & { copyingToRegions?: string[] }> };
}
