/**
 * The seed that `POST /_admin/reset` and `startLocalCloud({ seed })` take, and the shape
 * `GET /_admin/state` answers with (state adds copies and lineage). Times are ISO 8601 strings.
 */

export interface AliyunKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** Set for STS keys: requests must then carry this SecurityToken. */
  securityToken?: string;
  /** The account whose resources the key reaches: the default account when left out. */
  accountId?: string;
}

export interface TencentKey {
  secretId: string;
  secretKey: string;
  /** Set for temporary keys: requests must then carry this X-TC-Token. */
  sessionToken?: string;
  /** The account whose resources the key reaches: the default account when left out. */
  accountId?: string;
}

/**
 * A role another key may assume through STS AssumeRole: Alibaba (`acs:ram::<account>:role/<name>`)
 * or Tencent (`qcs::cam::uin/<uin>:roleName/<name>` or `:role/<id>`), told apart by the ARN.
 */
export interface RoleSeed {
  arn: string;
  /** The account the role's temporary credentials reach (the default account's id, or a key of `accounts`). */
  accountId: string;
  /** The key ids (AccessKeyId, SecretId) allowed to assume the role: its trust policy. */
  trustedAccessKeyIds: string[];
  /**
   * The longest DurationSeconds the role grants: Alibaba 3600..43200 (default 3600, as a new RAM
   * role's MaxSessionDuration), Tencent 1..43200 (default 43200).
   */
  maxSessionDuration?: number;
}

/** Another account's resources; each service's regions default to the default account's. */
export interface AccountSeed {
  ecs?: Partial<EcsSeed>;
  ens?: Partial<EnsSeed>;
  cbs?: Partial<CbsSeed>;
}

/** The id of the account the top-level `ecs`, `ens` and `cbs` sections hold, when the seed names none. */
export const DEFAULT_ACCOUNT_ID = 'default';

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
  /**
   * The code Tencent STS AssumeRole answers for a role its account does not have: both are in the
   * action's error list (https://www.tencentcloud.com/document/product/1150/49456), and clients meet either.
   */
  tencentRoleNotFound?: 'ResourceNotFound.RoleNotFound' | 'InternalError.GetRoleError';
}

/**
 * Answer fields to send under another name, keyed `service.Action`, then by the field's path in the
 * answer (`Snapshots[].SourceSnapshotId`, `SnapshotSet[].SnapshotState`): a test hook that makes the
 * local cloud drift from the official shape, so a test can show its conformance checks notice.
 */
export type AnswerRenames = Record<string, Record<string, string>>;

export interface Seed {
  credentials?: { aliyun?: AliyunKey[]; tencent?: TencentKey[] };
  /** The id of the account `ecs`, `ens` and `cbs` belong to (DEFAULT_ACCOUNT_ID when left out). */
  accountId?: string;
  /** Other accounts, keyed by id: reached by keys that name them, or by roles assumed into them. */
  accounts?: Record<string, AccountSeed>;
  roles?: RoleSeed[];
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
  tencentRoleNotFound: 'ResourceNotFound.RoleNotFound',
};

/** One account's part of the state answer: the seed's sections, with every snapshot (sources and copies) as it is now. */
export interface AccountStateView {
  ecs: { regions: string[]; snapshots: EcsSnapshotSeed[] };
  ens: { regions: string[]; disks: EnsDiskSeed[]; snapshots: EnsSnapshotSeed[] };
  cbs: { regions: string[]; snapshots: Array<CbsSnapshotSeed & { copyingToRegions?: string[] }> };
}

/** The state answer: the default account's sections at the top, as before accounts existed, and every other account under `accounts`. */
export interface CloudStateView extends AccountStateView {
  accountId: string;
  accounts: Record<string, AccountStateView>;
}
