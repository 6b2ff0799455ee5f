import type { AnswerSettings } from '../service';
import { renameAnswerFields } from '../wire/answer-renames';
import type { CbsCopyResult, CbsSnapshotPage, CbsSnapshotRecord } from './cbs-model';
import { apiTime } from './cbs-time';

/**
 * Every CBS answer body (the content of `Response`, without RequestId), in the shapes of the official
 * `...Response` interfaces of `cbs_models.d.ts`. The one place CBS field names are written, so a shape
 * is checked and changed here alone.
 */

type Json = Record<string, unknown>;

function snapshot(s: CbsSnapshotRecord): Json {
  return {
    SnapshotId: s.snapshotId,
    SnapshotName: s.name,
    SnapshotState: s.state,
    SnapshotType: 'PRIVATE_SNAPSHOT',
    DiskId: s.diskId,
    DiskSize: s.diskSize,
    DiskUsage: 'DATA_DISK',
    Percent: s.percent,
    CreateTime: apiTime(s.createMs),
    // Empty for a permanent snapshot ("如果快照为永久保留，此字段为空").
    DeadlineTime: s.deadlineMs !== undefined ? apiTime(s.deadlineMs) : '',
    IsPermanent: s.isPermanent,
    CopyFromRemote: s.copyFromRemote,
    CopyingToRegions: [...s.copyingToRegions],
    Encrypt: false,
    Placement: { Zone: `${s.region}-1`, ProjectId: 0 },
    ImageCount: 0,
    Images: [],
    ShareReference: 0,
    TimeStartShare: '',
    IsLocked: false,
    Tags: [],
  };
}

export class CbsRenderer {
  constructor(private readonly settings: () => AnswerSettings) {}

  /** One result per destination: `Code` is `Success` (with the new SnapshotId) or that destination's error. */
  copySnapshotCrossRegions(results: readonly CbsCopyResult[]): Json {
    return this.finish('CopySnapshotCrossRegions', {
      SnapshotCopyResultSet: results.map((r) =>
        r.ok
          ? { SnapshotId: r.snapshotId, DestinationRegion: r.destinationRegion, Code: 'Success', Message: '' }
          : { SnapshotId: '', DestinationRegion: r.destinationRegion, Code: r.code, Message: r.message },
      ),
    });
  }

  describeSnapshots(page: CbsSnapshotPage): Json {
    return this.finish('DescribeSnapshots', { TotalCount: page.totalCount, SnapshotSet: page.snapshots.map(snapshot) });
  }

  /** ModifySnapshotAttribute and DeleteSnapshots answer nothing but their RequestId. */
  done(action: 'ModifySnapshotAttribute' | 'DeleteSnapshots'): Json {
    return this.finish(action, {});
  }

  private finish(action: string, body: Json): Json {
    return renameAnswerFields(body, this.settings().renames[`cbs.${action}`]);
  }
}
