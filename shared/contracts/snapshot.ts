/**
 * The one shape of a snapshot the engine reasons about, whatever cloud it lives on.
 * Adapters' records are mapped to it by the cloud drivers; the engine and policy never see SDK types.
 */

export type CloudKind = 'aliyun-ecs' | 'aliyun-ens' | 'tencent-cbs';

export const CLOUD_KINDS: readonly CloudKind[] = ['aliyun-ecs', 'aliyun-ens', 'tencent-cbs'];

/** ready: can be copied. pending: still being made or copied. failed/deleting: never a source. */
export type SnapshotReadiness = 'ready' | 'pending' | 'failed' | 'deleting';

/** Where a copy came from, as the destination shows it (ECS fields, or the copy's name on ENS/CBS). */
export interface Lineage {
  sourceSnapshotId: string;
  sourceRegion: string;
  /** The rule that made the copy, when the copy's mark records it. */
  rule?: string;
}

export interface Snapshot {
  cloud: CloudKind;
  snapshotId: string;
  /** Region id (ECS, CBS) or edge node id (ENS). */
  region: string;
  diskId?: string;
  name?: string;
  description?: string;
  /** ECS: user | timer | copied | imported (others leave it unset). */
  snapshotType?: string;
  tags: Record<string, string>;
  readiness: SnapshotReadiness;
  /** The service's own status text, for answers and logs. */
  status: string;
  /** Creation time, ms since the epoch. */
  createdAt: number;
  sizeGb?: number;
  /** The service marks it as a copy (ECS `copied` type or source fields, CBS CopyFromRemote): never a source. */
  isCopy: boolean;
  /** Where the copy came from, when the service says so itself (ECS). ENS and CBS copies carry it in their name. */
  lineage?: Lineage;
  /** Retention already applied to a copy: ECS RetentionDays, or CBS deadline (ms since the epoch). */
  retentionDays?: number;
  deadline?: number;
  /** CBS: regions this snapshot is being copied to right now. */
  copyingToRegions?: string[];
}
