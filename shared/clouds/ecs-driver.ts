import type { CloudDriver, CopyCall, CopyCallResult } from '../engine/cloud-driver';
import type { FieldProblem } from '../errors';
import type { Snapshot, SnapshotReadiness } from '../snapshot';
import { validateEcsCopy } from '../validation/ecs-copy';
import { listByIdChunks } from './by-id-chunks';
import type { PageFetch } from './page-fetch';
import { CloudError } from './cloud-error';
import type { EcsClient, EcsSnapshot } from './ecs';
import type { RegionalClients } from './regional-clients';

const READINESS: Readonly<Record<string, SnapshotReadiness>> = {
  accomplished: 'ready',
  progressing: 'pending',
  failed: 'failed',
};

export function ecsSnapshot(s: EcsSnapshot): Snapshot {
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

/** ECS behind the engine's interface: one destination region per CopySnapshot call. */
export class EcsDriver implements CloudDriver {
  readonly cloud = 'aliyun-ecs' as const;
  readonly destinationsPerCall = 'one' as const;
  // The deterministic ClientToken makes a repeat return the first copy.
  readonly copyRetrySafe = true;
  // Seed 001: 1000 requests per 60 seconds.
  readonly copyLimit = { limit: 1000, windowMs: 60_000 };

  constructor(private readonly clients: RegionalClients<EcsClient>) {}

  get callCount(): number {
    return this.clients.callCount;
  }

  async listSnapshots(region: string, hint: { diskId?: string; snapshotIds?: string[] } | undefined, page: PageFetch): Promise<Snapshot[]> {
    const client = this.clients.for(region);
    const base = hint?.diskId ? { diskId: hint.diskId } : {};
    if (!hint?.snapshotIds) return (await client.listAllSnapshots(base, page)).map(ecsSnapshot);
    return listByIdChunks(hint.snapshotIds, async (snapshotIds) => (await client.listAllSnapshots({ ...base, snapshotIds }, page)).map(ecsSnapshot));
  }

  validate(call: CopyCall): FieldProblem[] {
    return call.destinations.flatMap(({ destination: d, name, description, clientToken }) =>
      validateEcsCopy({
        regionId: call.source.region,
        snapshotId: call.source.snapshotId,
        destinationRegionId: d.region,
        name,
        ...(description !== undefined ? { description } : {}),
        ...(d.retentionDays !== undefined ? { retentionDays: d.retentionDays } : {}),
        ...(d.encrypted !== undefined ? { encrypted: d.encrypted } : {}),
        ...(d.kmsKeyId !== undefined ? { kmsKeyId: d.kmsKeyId } : {}),
        ...(d.tags !== undefined ? { tags: d.tags } : {}),
        ...(clientToken !== undefined ? { clientToken } : {}),
      }),
    );
  }

  async copy(call: CopyCall): Promise<CopyCallResult[]> {
    const client = this.clients.for(call.source.region);
    const out: CopyCallResult[] = [];
    for (const d of call.destinations) {
      const { destination } = d;
      try {
        const answer = await client.copySnapshot({
          snapshotId: call.source.snapshotId,
          destinationRegionId: destination.region,
          name: d.name,
          ...(d.description !== undefined ? { description: d.description } : {}),
          ...(destination.retentionDays !== undefined ? { retentionDays: destination.retentionDays } : {}),
          ...(destination.encrypted !== undefined ? { encrypted: destination.encrypted } : {}),
          ...(destination.kmsKeyId !== undefined ? { kmsKeyId: destination.kmsKeyId } : {}),
          ...(destination.tags !== undefined ? { tags: destination.tags } : {}),
          ...(d.clientToken !== undefined ? { clientToken: d.clientToken } : {}),
        });
        out.push({ destinationRegion: destination.region, ok: true, copySnapshotId: answer.snapshotId });
      } catch (error) {
        // A one-destination call: let the engine retry the whole call (the token keeps it single).
        if (call.destinations.length === 1 || !(error instanceof CloudError)) throw error;
        out.push({ destinationRegion: destination.region, ok: false, error });
      }
    }
    return out;
  }
}
