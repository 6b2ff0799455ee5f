import type { CallLimits, CloudDriver, CopyCall, CopyCallResult, DriverCapabilities, ListHint, PageFetch } from '../contracts/driver';
import { CloudError, type FieldProblem } from '../contracts/errors';
import { cloudError } from './cloud-error';
import type { Snapshot, SnapshotReadiness } from '../contracts/snapshot';
import { validateCbsCopy } from '../validation/cbs-copy';
import { listByIdChunks } from './by-id-chunks';
import { unsupported } from './unsupported';
import type { CbsClient, CbsSnapshot } from './cbs';
import type { RegionalClients } from './regional-clients';

const READINESS: Readonly<Record<string, SnapshotReadiness>> = {
  NORMAL: 'ready',
  CREATING: 'pending',
  COPYING_FROM_REMOTE: 'pending',
  CHECKING_COPIED: 'pending',
  ROLLBACKING: 'ready',
  TORECYCLE: 'deleting',
};

/**
 * The name CBS gives a copy nobody named: "Copied snap-… from ap-…" (docs/api-facts.md § "CBS
 * CopySnapshotCrossRegions"). Such a copy was made by hand or by another tool: it counts as a copy of
 * its source, so no second one is made, but it carries no rule's mark, so its retention is left alone.
 */
const API_DEFAULT_NAME = /^Copied (snap-[A-Za-z0-9]+) from ([a-z]{2,}(?:-[a-z0-9]+)+)$/;

function cbsSnapshot(s: CbsSnapshot): Snapshot {
  const byApiName = s.copyFromRemote ? API_DEFAULT_NAME.exec(s.name) : null;
  const createdAt = Date.parse(s.createTime);
  const deadline = s.deadline ? Date.parse(s.deadline) : NaN;
  return {
    cloud: 'tencent-cbs',
    snapshotId: s.snapshotId,
    region: s.region,
    ...(s.diskId ? { diskId: s.diskId } : {}),
    ...(s.name ? { name: s.name } : {}),
    tags: {},
    readiness: READINESS[s.state] ?? 'pending',
    status: s.state,
    createdAt: Number.isFinite(createdAt) ? createdAt : 0,
    sizeGb: s.diskSize,
    // CBS flags copies but does not say their source: lineage lives in the copy's name.
    isCopy: s.copyFromRemote,
    ...(byApiName ? { lineage: { sourceSnapshotId: byApiName[1] as string, sourceRegion: byApiName[2] as string } } : {}),
    ...(Number.isFinite(deadline) && !s.isPermanent ? { deadline } : {}),
    copyingToRegions: s.copyingToRegions,
  };
}

/** A call as the one CopySnapshotCrossRegions request that carries all its regions (one name between them), if any. */
function copyRequest(call: CopyCall): Parameters<CbsClient['copySnapshotCrossRegions']>[0] | undefined {
  const first = call.destinations[0];
  if (!first) return undefined;
  return { snapshotId: call.source.snapshotId, destinationRegions: call.destinations.map((d) => d.destination.region), name: first.name };
}

/** CBS behind the engine's interface: one call copies to many regions, with a result per region. */
export class CbsDriver implements CloudDriver {
  readonly cloud = 'tencent-cbs' as const;
  readonly capabilities: DriverCapabilities = {
    destinationsPerCall: 'many',
    // A copy already running to a region refuses another (ResourceInUse.CopySnapshotConflict).
    copyRetrySafe: true,
    oneCopyPerDiskAndDestination: false,
    retention: 'deadline',
    answersMayNameGoneCopies: false,
    takesSnapshots: false,
  };
  // 20 requests per second (docs/api-facts.md § "CBS CopySnapshotCrossRegions").
  readonly copyLimit = { limit: 20, windowMs: 1000 };

  constructor(private readonly clients: RegionalClients<CbsClient>) {}

  get callCount(): number {
    return this.clients.callCount;
  }

  async listSnapshots(region: string, hint: ListHint | undefined, page: PageFetch): Promise<Snapshot[]> {
    const client = this.clients.for(region);
    // A disk hint is not used: a CBS copy's disk id is not documented to be its source's.
    const base = {};
    return listByIdChunks(hint?.snapshotIds, async (ids) => (await client.listAllSnapshots({ ...base, ...ids }, page)).map(cbsSnapshot));
  }

  validate(call: CopyCall): FieldProblem[] {
    const request = copyRequest(call);
    // The very request copy() sends, so what is checked is what goes out.
    return request ? validateCbsCopy({ sourceRegion: call.source.region, ...request }) : [];
  }

  async copy(call: CopyCall, limits?: CallLimits): Promise<CopyCallResult[]> {
    const request = copyRequest(call);
    if (!request) return [];
    const answer = await this.clients.for(call.source.region).copySnapshotCrossRegions(request, limits);
    return answer.results.map((r): CopyCallResult =>
      r.code === 'Success' && r.snapshotId
        ? { destinationRegion: r.destinationRegion, ok: true, copySnapshotId: r.snapshotId }
        : {
            destinationRegion: r.destinationRegion,
            ok: false,
            error: cloudError({ service: 'cbs', action: 'CopySnapshotCrossRegions', code: r.code, message: r.message || r.code, requestId: answer.requestId, errorClass: r.errorClass ?? 'permanent' }),
          },
    );
  }

  async setDeadline(region: string, snapshotId: string, deadlineMs: number, limits?: CallLimits): Promise<void> {
    await this.clients.for(region).modifySnapshotAttribute({ snapshotId, isPermanent: false, deadline: new Date(deadlineMs) }, limits);
  }

  /** Removes an own copy past its retention (one that could no longer take a deadline). */
  async deleteSnapshot(region: string, snapshotId: string, limits?: CallLimits): Promise<'deleted' | 'already-gone'> {
    try {
      await this.clients.for(region).deleteSnapshots([snapshotId], limits);
      return 'deleted';
    } catch (error) {
      if (error instanceof CloudError && error.code === 'InvalidSnapshotId.NotFound') return 'already-gone';
      throw error;
    }
  }

  // No snapshot is taken here.
  readonly createSnapshot = (): Promise<string> => unsupported(this.cloud, 'createSnapshot');
}
