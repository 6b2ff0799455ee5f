import { ApiError } from '../api-error';
import type { ServiceHandler, ServiceRequest } from '../service';
import { EcsErrors, type EcsModel, type EcsSnapshotRecord, type TagParam } from './ecs-model';

/**
 * ECS wire mapping: flat RPC string parameters -> typed model calls -> answer bodies in the real
 * field names. Only text-to-type conversion happens here; every rule lives in the model.
 */

type Params = Record<string, unknown>;

/** A parameter's text; an empty string counts as not sent, as the service treats it. */
function text(params: Params, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Integer text as a number; NaN for anything else, so the model answers its own code for the field. */
function integer(params: Params, name: string): number | undefined {
  const value = text(params, name);
  if (value === undefined) return undefined;
  return /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
}

function boolean(params: Params, name: string): boolean | undefined {
  const value = text(params, name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw EcsErrors.invalidParameter(name);
}

/** Groups `Tag.N.Key` / `Tag.N.Value` by N. An empty value is kept: tag values may be empty. */
function tags(params: Params): TagParam[] {
  const byIndex = new Map<number, TagParam>();
  for (const [name, value] of Object.entries(params)) {
    const match = /^Tag\.(\d+)\.(Key|Value)$/.exec(name);
    if (!match || typeof value !== 'string') continue;
    const index = Number(match[1]);
    const tag = byIndex.get(index) ?? { index };
    if (match[2] === 'Key') tag.key = value;
    else tag.value = value;
    byIndex.set(index, tag);
  }
  return [...byIndex.values()];
}

function snapshotBody(s: EcsSnapshotRecord): Record<string, unknown> {
  return {
    SnapshotId: s.snapshotId,
    SnapshotName: s.name,
    Description: s.description,
    Status: s.status,
    Progress: `${s.progress}%`,
    SourceDiskId: s.diskId,
    // The API documents SourceDiskSize as a String.
    SourceDiskSize: String(s.sourceDiskSize),
    SourceDiskType: s.sourceDiskType,
    SnapshotType: s.snapshotType,
    Category: s.category,
    Encrypted: s.encrypted,
    KMSKeyId: s.kmsKeyId ?? '',
    ...(s.retentionDays !== undefined ? { RetentionDays: s.retentionDays } : {}),
    // yyyy-MM-ddTHH:mm:ssZ: the service answers without milliseconds.
    CreationTime: new Date(s.creationTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Usage: s.usage,
    Tags: { Tag: [...s.tags].map(([TagKey, TagValue]) => ({ TagKey, TagValue })) },
    ...(s.sourceSnapshotId !== undefined ? { SourceSnapshotId: s.sourceSnapshotId } : {}),
    ...(s.sourceRegion !== undefined ? { SourceRegionId: s.sourceRegion } : {}),
    RegionId: s.regionId,
  };
}

export function ecsHandler(model: EcsModel): ServiceHandler {
  return {
    service: 'ecs',
    handle(request: ServiceRequest): Record<string, unknown> {
      const p = request.params;
      switch (request.action) {
        case 'CopySnapshot': {
          const copy = model.copySnapshot({
            regionId: text(p, 'RegionId'),
            snapshotId: text(p, 'SnapshotId'),
            destinationRegionId: text(p, 'DestinationRegionId'),
            name: text(p, 'DestinationSnapshotName'),
            description: text(p, 'DestinationSnapshotDescription'),
            retentionDays: integer(p, 'RetentionDays'),
            encrypted: boolean(p, 'Encrypted'),
            kmsKeyId: text(p, 'KMSKeyId'),
            tags: tags(p),
            clientToken: text(p, 'ClientToken'),
          });
          return { SnapshotId: copy.snapshotId };
        }
        case 'DescribeSnapshots': {
          const page = model.describeSnapshots({
            regionId: text(p, 'RegionId'),
            snapshotIds: text(p, 'SnapshotIds'),
            diskId: text(p, 'DiskId'),
            status: text(p, 'Status'),
            snapshotType: text(p, 'SnapshotType'),
            name: text(p, 'SnapshotName'),
            tags: tags(p),
            maxResults: integer(p, 'MaxResults'),
            nextToken: text(p, 'NextToken'),
            pageNumber: integer(p, 'PageNumber'),
            pageSize: integer(p, 'PageSize'),
          });
          return {
            Snapshots: { Snapshot: page.snapshots.map(snapshotBody) },
            TotalCount: page.totalCount,
            PageNumber: page.pageNumber,
            PageSize: page.pageSize,
            NextToken: page.nextToken,
          };
        }
        case 'DeleteSnapshot':
          model.deleteSnapshot({
            regionId: text(p, 'RegionId'),
            snapshotId: text(p, 'SnapshotId'),
            force: boolean(p, 'Force'),
          });
          return {};
        default:
          throw new ApiError('InvalidAction.NotFound', `Specified api ${request.action} is not found, please check your url and method.`, 404);
      }
    },
  };
}
