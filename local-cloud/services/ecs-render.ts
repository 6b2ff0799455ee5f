import type { AnswerSettings } from '../service';
import { renameAnswerFields } from '../wire/answer-renames';
import type { EcsSnapshotRecord, SnapshotPage } from './ecs-model';

/**
 * Every ECS answer body, in the shapes of the official response models (`@alicloud/ecs20140526`
 * `...ResponseBody`; docs/api-facts.md § "ECS DescribeSnapshots"). The one place ECS field names are
 * written, so a shape is checked and changed here alone.
 */

type Json = Record<string, unknown>;

/** yyyy-MM-ddTHH:mm:ssZ: the service answers without milliseconds. */
function apiTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function snapshot(s: EcsSnapshotRecord): Json {
  return {
    SnapshotId: s.snapshotId,
    SnapshotName: s.name,
    Description: s.description,
    Status: s.status,
    Progress: `${s.progress}%`,
    SourceDiskId: s.diskId,
    // The model types SourceDiskSize as a string.
    SourceDiskSize: String(s.sourceDiskSize),
    SourceDiskType: s.sourceDiskType,
    SnapshotType: s.snapshotType,
    Category: s.category,
    Encrypted: s.encrypted,
    KMSKeyId: s.kmsKeyId ?? '',
    ...(s.retentionDays !== undefined ? { RetentionDays: s.retentionDays } : {}),
    CreationTime: apiTime(s.creationTime),
    Usage: s.usage,
    Tags: { Tag: [...s.tags].map(([TagKey, TagValue]) => ({ TagKey, TagValue })) },
    ...(s.sourceSnapshotId !== undefined ? { SourceSnapshotId: s.sourceSnapshotId } : {}),
    ...(s.sourceRegion !== undefined ? { SourceRegionId: s.sourceRegion } : {}),
    RegionId: s.regionId,
  };
}

export class EcsRenderer {
  constructor(private readonly settings: () => AnswerSettings) {}

  copySnapshot(copy: { snapshotId: string }): Json {
    return this.finish('CopySnapshot', { SnapshotId: copy.snapshotId });
  }

  describeSnapshots(page: SnapshotPage): Json {
    return this.finish('DescribeSnapshots', {
      Snapshots: { Snapshot: page.snapshots.map(snapshot) },
      TotalCount: page.totalCount,
      PageNumber: page.pageNumber,
      PageSize: page.pageSize,
      NextToken: page.nextToken,
    });
  }

  /** DeleteSnapshot and ModifySnapshotAttribute answer nothing but their RequestId. */
  done(action: 'DeleteSnapshot' | 'ModifySnapshotAttribute'): Json {
    return this.finish(action, {});
  }

  private finish(action: string, body: Json): Json {
    return renameAnswerFields(body, this.settings().renames[`ecs.${action}`]);
  }
}
