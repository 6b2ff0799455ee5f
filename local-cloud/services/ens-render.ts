import type { AnswerSettings } from '../service';
import { renameAnswerFields } from '../wire/answer-renames';
import type { EnsCopyResult, EnsCreateResult, EnsSnapshotPage, EnsSnapshotRecord } from './ens-model';

/**
 * Every ENS answer body, in the shapes of the official response models (the generated
 * `ens-20171110` models; test/conformance/fixtures/ens-2017-11-10.json), with the documented variants
 * the seed picks. The one place ENS field names are written, so a shape is checked and changed here alone.
 */

type Json = Record<string, unknown>;

/** `2020-08-20T14:52:28Z` (the SDK model's example) or `2020-08-20 14:52:28` (the API page's), both UTC. */
function creationTime(ms: number, form: AnswerSettings['variants']['ensCreationTime']): string {
  const iso = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return form === 'naive' ? iso.replace('T', ' ').replace(/Z$/, '') : iso;
}

export class EnsRenderer {
  constructor(private readonly settings: () => AnswerSettings) {}

  /** Bare lists, no inner wrapper key; `BizStatusCode` AllSuccess | PartSuccess. */
  copySnapshot(result: EnsCopyResult): Json {
    return this.finish('CopySnapshot', {
      AllocationId: result.allocated.map((a) => ({ EnsRegionId: a.ensRegionId, InstanceId: [...a.snapshotIds] })),
      UnAllocationId: result.unallocated.map((node) => ({ EnsRegionId: node })),
      BizStatusCode: result.partial ? 'PartSuccess' : 'AllSuccess',
    });
  }

  /** `SnapShotId` with a capital S in the middle: a list in the model, one string on older pages (variant). */
  createSnapshot(result: EnsCreateResult): Json {
    const id = this.settings().variants.ensSnapShotId === 'string' ? result.snapshotId : [result.snapshotId];
    return this.finish('CreateSnapshot', { SnapShotId: id, OrderId: result.orderId });
  }

  describeSnapshots(page: EnsSnapshotPage): Json {
    const form = this.settings().variants.ensCreationTime;
    return this.finish('DescribeSnapshots', {
      Snapshots: page.snapshots.map((s) => this.snapshot(s, form)),
      PageNumber: page.pageNumber,
      PageSize: page.pageSize,
      TotalCount: page.totalCount,
    });
  }

  /** DeleteSnapshot and ModifySnapshotAttribute answer nothing but their RequestId. */
  done(action: 'DeleteSnapshot' | 'ModifySnapshotAttribute'): Json {
    return this.finish(action, {});
  }

  /** `Size` a string of MiB; `SourceDiskType` "1" system or "2" data; lineage on copies only. */
  private snapshot(s: EnsSnapshotRecord, form: AnswerSettings['variants']['ensCreationTime']): Json {
    return {
      SnapshotId: s.snapshotId,
      SnapshotName: s.name ?? '',
      Description: s.description ?? '',
      Status: s.status,
      EnsRegionId: s.ensRegionId,
      SourceDiskId: s.diskId ?? '',
      SourceDiskType: s.diskType === 'system' ? '1' : '2',
      SourceDiskCategory: s.diskCategory,
      CreationTime: creationTime(s.creationMs, form),
      ...(s.size !== undefined ? { Size: String(s.size) } : {}),
      ...(s.sourceSnapshotId !== undefined ? { SourceSnapshotId: s.sourceSnapshotId } : {}),
      ...(s.sourceRegion !== undefined ? { SourceEnsRegionId: s.sourceRegion } : {}),
    };
  }

  private finish(action: string, body: Json): Json {
    return renameAnswerFields(body, this.settings().renames[`ens.${action}`]);
  }
}
