import type { CallLimits, CloudDriver, CopyCall, CopyCallResult, DriverCapabilities, ListHint, PageFetch } from '../contracts/driver';
import type { FieldProblem } from '../contracts/errors';
import type { Snapshot, SnapshotReadiness } from '../contracts/snapshot';
import { validateEcsCopy } from '../validation/ecs-copy';
import { listByIdChunks } from './by-id-chunks';
import { unsupported } from './unsupported';
import { CloudError } from '../contracts/errors';
import type { EcsClient, EcsCopySnapshotRequest, EcsSnapshot } from './ecs';
import type { RegionalClients } from './regional-clients';

const READINESS: Readonly<Record<string, SnapshotReadiness>> = {
  accomplished: 'ready',
  progressing: 'pending',
  failed: 'failed',
};

function ecsSnapshot(s: EcsSnapshot): Snapshot {
  const createdAt = Date.parse(s.creationTime);
  const isCopy = s.snapshotType === 'copied' || Boolean(s.sourceSnapshotId);
  return {
    cloud: 'aliyun-ecs',
    snapshotId: s.snapshotId,
    region: s.regionId,
    ...(s.diskId ? { diskId: s.diskId } : {}),
    ...(s.name ? { name: s.name } : {}),
    ...(s.description ? { description: s.description } : {}),
    snapshotType: s.snapshotType,
    tags: s.tags,
    readiness: READINESS[s.status] ?? 'pending',
    status: s.status,
    createdAt: Number.isFinite(createdAt) ? createdAt : 0,
    sizeGb: s.diskSize,
    isCopy,
    ...(s.sourceSnapshotId && s.sourceRegionId ? { lineage: { sourceSnapshotId: s.sourceSnapshotId, sourceRegion: s.sourceRegionId } } : {}),
    ...(s.retentionDays !== undefined ? { retentionDays: s.retentionDays } : {}),
  };
}

/** One destination of a call as the CopySnapshot request that carries it. */
function copyRequest(call: CopyCall, d: CopyCall['destinations'][number]): EcsCopySnapshotRequest {
  const { destination } = d;
  return {
    snapshotId: call.source.snapshotId,
    destinationRegionId: destination.region,
    name: d.name,
    ...(d.description !== undefined ? { description: d.description } : {}),
    ...(destination.retentionDays !== undefined ? { retentionDays: destination.retentionDays } : {}),
    ...(destination.encrypted !== undefined ? { encrypted: destination.encrypted } : {}),
    ...(destination.kmsKeyId !== undefined ? { kmsKeyId: destination.kmsKeyId } : {}),
    ...(destination.tags !== undefined ? { tags: destination.tags } : {}),
    ...(d.clientToken !== undefined ? { clientToken: d.clientToken } : {}),
  };
}

/** ECS behind the engine's interface: one destination region per CopySnapshot call. */
export class EcsDriver implements CloudDriver {
  readonly cloud = 'aliyun-ecs' as const;
  readonly capabilities: DriverCapabilities = {
    destinationsPerCall: 'one',
    // The deterministic ClientToken makes a repeat return the first copy.
    copyRetrySafe: true,
    oneCopyPerDiskAndDestination: true,
    retention: 'copy-parameter',
    answersMayNameGoneCopies: true,
    takesSnapshots: false,
  };
  // 1000 requests per 60 seconds (docs/api-facts.md § "ECS CopySnapshot").
  readonly copyLimit = { limit: 1000, windowMs: 60_000 };

  constructor(private readonly clients: RegionalClients<EcsClient>) {}

  get callCount(): number {
    return this.clients.callCount;
  }

  async listSnapshots(region: string, hint: ListHint | undefined, page: PageFetch): Promise<Snapshot[]> {
    const client = this.clients.for(region);
    const base = hint?.diskId ? { diskId: hint.diskId } : {};
    return listByIdChunks(hint?.snapshotIds, async (ids) => (await client.listAllSnapshots({ ...base, ...ids }, page)).map(ecsSnapshot));
  }

  validate(call: CopyCall): FieldProblem[] {
    // The very request copy() sends, so what is checked is what goes out.
    return call.destinations.flatMap((d) => validateEcsCopy({ regionId: call.source.region, ...copyRequest(call, d) }));
  }

  async copy(call: CopyCall, limits?: CallLimits): Promise<CopyCallResult[]> {
    const client = this.clients.for(call.source.region);
    const out: CopyCallResult[] = [];
    for (const d of call.destinations) {
      const { destination } = d;
      try {
        const answer = await client.copySnapshot(copyRequest(call, d), limits);
        out.push({ destinationRegion: destination.region, ok: true, copySnapshotId: answer.snapshotId });
      } catch (error) {
        // A one-destination call: let the engine retry the whole call (the token keeps it single).
        if (call.destinations.length === 1 || !(error instanceof CloudError)) throw error;
        out.push({ destinationRegion: destination.region, ok: false, error });
      }
    }
    return out;
  }

  // Retention travels on the copy call (RetentionDays): there is no upkeep to do.
  readonly setDeadline = (): Promise<void> => unsupported(this.cloud, 'setDeadline');
  readonly deleteSnapshot = (): Promise<'deleted' | 'already-gone'> => unsupported(this.cloud, 'deleteSnapshot');
  readonly createSnapshot = (): Promise<string> => unsupported(this.cloud, 'createSnapshot');
}
