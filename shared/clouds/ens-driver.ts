import type { CallLimits, CloudDriver, CopyCall, CopyCallResult, DriverCapabilities, ListHint, PageFetch } from '../contracts/driver';
import type { FieldProblem } from '../contracts/errors';
import { cloudError } from './cloud-error';
import type { Snapshot, SnapshotReadiness } from '../contracts/snapshot';
import { validateEnsCopy } from '../validation/ens';
import { listByIdChunks } from './by-id-chunks';
import { unsupported } from './unsupported';
import { CloudError } from '../contracts/errors';
import { ENS_GONE_CODES, type EnsClient, type EnsSnapshot } from './ens';

const READINESS: Readonly<Record<string, SnapshotReadiness>> = {
  available: 'ready',
  creating: 'pending',
  error: 'failed',
  deleting: 'deleting',
};

/**
 * ENS times come as ISO 8601 in UTC (`2024-05-06T07:08:09Z`) or, on some pages, without the `T` and
 * zone; those are read as UTC too, as Alibaba's APIs state their times (docs/api-facts.md, "ENS
 * DescribeSnapshots").
 */
function ensTime(text: string): number {
  const naive = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(text);
  const ms = Date.parse(naive ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isFinite(ms) ? ms : 0;
}

function ensSnapshot(s: EnsSnapshot): Snapshot {
  // A copy says where it came from; where an answer does not, the copy's name tells (lineage.ts).
  const lineage = s.sourceSnapshotId && s.sourceRegionId ? { sourceSnapshotId: s.sourceSnapshotId, sourceRegion: s.sourceRegionId } : undefined;
  return {
    cloud: 'aliyun-ens',
    snapshotId: s.snapshotId,
    region: s.regionId,
    ...(s.diskId ? { diskId: s.diskId } : {}),
    ...(s.name ? { name: s.name } : {}),
    ...(s.description ? { description: s.description } : {}),
    tags: {},
    // Statuses compared without case: the samples write `available`, a model comment `Available`.
    readiness: READINESS[s.status.toLowerCase()] ?? 'pending',
    status: s.status,
    createdAt: ensTime(s.creationTime),
    // ENS reports sizes in MiB.
    ...(s.size !== undefined ? { sizeGb: s.size / 1024 } : {}),
    isCopy: lineage !== undefined,
    ...(lineage ? { lineage } : {}),
  };
}

/** A call as the one CopySnapshot request that carries all its edge nodes (one name between them), if any. */
function copyRequest(call: CopyCall): Parameters<EnsClient['copySnapshot']>[0] | undefined {
  const first = call.destinations[0];
  if (!first) return undefined;
  return {
    snapshotId: call.source.snapshotId,
    destinationRegionIds: call.destinations.map((d) => d.destination.region),
    name: first.name,
    ...(first.description !== undefined ? { description: first.description } : {}),
  };
}

/** ENS behind the engine's interface: one call copies to many edge nodes; some may not be allocated. */
export class EnsDriver implements CloudDriver {
  readonly cloud = 'aliyun-ens' as const;
  readonly capabilities: DriverCapabilities = {
    destinationsPerCall: 'many',
    // No token and no conflict check: a repeat after a lost answer could copy twice.
    copyRetrySafe: false,
    oneCopyPerDiskAndDestination: false,
    retention: 'prune',
    answersMayNameGoneCopies: false,
    takesSnapshots: true,
  };
  // ENS documents no limit for CopySnapshot; stay at a polite 10 per second.
  readonly copyLimit = { limit: 10, windowMs: 1000 };

  constructor(private readonly client: EnsClient) {}

  get callCount(): number {
    return this.client.callCount;
  }

  async listSnapshots(region: string, hint: ListHint | undefined, page: PageFetch): Promise<Snapshot[]> {
    // Edge nodes hold few snapshots; a disk hint is not used, as a copy's disk id is not documented.
    const base = { ensRegionId: region };
    return listByIdChunks(hint?.snapshotIds, async (ids) => (await this.client.listAllSnapshots({ ...base, ...ids }, page)).map(ensSnapshot));
  }

  validate(call: CopyCall): FieldProblem[] {
    const request = copyRequest(call);
    // The very request copy() sends, so what is checked is what goes out.
    return request ? validateEnsCopy({ sourceRegion: call.source.region, ...request }) : [];
  }

  async copy(call: CopyCall, limits?: CallLimits): Promise<CopyCallResult[]> {
    const request = copyRequest(call);
    if (!request) return [];
    const answer = await this.client.copySnapshot(request, limits);
    const results: CopyCallResult[] = [];
    for (const a of answer.allocated) {
      const id = a.snapshotIds[0];
      if (id) results.push({ destinationRegion: a.regionId, ok: true, copySnapshotId: id, note: `BizStatusCode ${answer.bizStatusCode}` });
    }
    for (const region of answer.unallocated) {
      results.push({
        destinationRegion: region,
        ok: false,
        error: cloudError({
          service: 'ens', action: 'CopySnapshot', code: 'UnAllocated', requestId: answer.requestId, errorClass: 'permanent',
          message: `BizStatusCode ${answer.bizStatusCode}: no copy was made on node ${region}; the next sweep tries this node again`,
        }),
      });
    }
    return results;
  }

  // ENS copies carry no retention of their own: the sweep prunes them instead.
  readonly setDeadline = (): Promise<void> => unsupported(this.cloud, 'setDeadline');

  async createSnapshot(region: string, diskId: string, name: string, limits?: CallLimits): Promise<string> {
    return (await this.client.createSnapshot({ diskId, ensRegionId: region, name }, limits)).snapshotId;
  }

  async deleteSnapshot(_region: string, snapshotId: string, limits?: CallLimits): Promise<'deleted' | 'already-gone'> {
    try {
      await this.client.deleteSnapshot(snapshotId, limits);
      return 'deleted';
    } catch (error) {
      // Already gone is what a delete wants.
      if (error instanceof CloudError && ENS_GONE_CODES.has(error.code)) return 'already-gone';
      throw error;
    }
  }
}
