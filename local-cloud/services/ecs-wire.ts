import { ApiError } from '../api-error';
import type { AnswerSettings, ServiceHandler, ServiceRequest } from '../service';
import { boolean, integer, jsonStringList, text, type RpcParams } from '../wire/rpc-params';
import { EcsErrors } from './ecs-errors';
import type { EcsModel, TagParam } from './ecs-model';
import { EcsRenderer } from './ecs-render';

/**
 * ECS on the wire: flat RPC string parameters -> typed requests -> EcsModel -> EcsRenderer. Only
 * text-to-type conversion happens here (JSON lists, `Tag.N.*` groups, numbers, booleans); every rule
 * on the values lives in the model. Parameters a request model does not define are ignored.
 */

/** `Tag.N.Key` / `Tag.N.Value` in N order. N outside 1..20 is the action's own error. */
function tags(params: RpcParams, badIndex: (index: number) => ApiError): TagParam[] {
  const byIndex = new Map<number, TagParam>();
  for (const [name, value] of Object.entries(params)) {
    const match = /^Tag\.(\d+)\.(Key|Value)$/.exec(name);
    if (!match || typeof value !== 'string') continue;
    const index = Number(match[1]);
    if (index < 1 || index > 20) throw badIndex(index);
    const tag = byIndex.get(index) ?? {};
    // An empty value is kept: tag values may be empty.
    if (match[2] === 'Key') tag.key = value;
    else tag.value = value;
    byIndex.set(index, tag);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, tag]) => tag);
}

/** DescribeSnapshots' `SnapshotIds`: one JSON-array string. */
function snapshotIds(params: RpcParams): string[] | undefined {
  const value = text(params, 'SnapshotIds');
  if (value === undefined) return undefined;
  const ids = jsonStringList(value);
  if (!ids) throw EcsErrors.snapshotIdsMalformed();
  return ids;
}

const flag = (params: RpcParams, name: string): boolean | undefined => boolean(params, name, EcsErrors.invalidParameter);

export function ecsHandler(model: EcsModel, settings: () => AnswerSettings): ServiceHandler {
  const render = new EcsRenderer(settings);
  return {
    service: 'ecs',
    handle(request: ServiceRequest): Record<string, unknown> {
      const p = request.params;
      switch (request.action) {
        case 'CopySnapshot':
          return render.copySnapshot(
            model.copySnapshot({
              regionId: text(p, 'RegionId'),
              snapshotId: text(p, 'SnapshotId'),
              destinationRegionId: text(p, 'DestinationRegionId'),
              name: text(p, 'DestinationSnapshotName'),
              description: text(p, 'DestinationSnapshotDescription'),
              retentionDays: integer(p, 'RetentionDays'),
              encrypted: flag(p, 'Encrypted'),
              kmsKeyId: text(p, 'KMSKeyId'),
              tags: tags(p, (index) => (index > 20 ? EcsErrors.tagCount() : EcsErrors.tagKeyMalformed())),
              clientToken: text(p, 'ClientToken'),
            }),
          );
        case 'DescribeSnapshots':
          return render.describeSnapshots(
            model.describeSnapshots({
              regionId: text(p, 'RegionId'),
              snapshotIds: snapshotIds(p),
              diskId: text(p, 'DiskId'),
              status: text(p, 'Status'),
              snapshotType: text(p, 'SnapshotType'),
              name: text(p, 'SnapshotName'),
              tags: tags(p, () => EcsErrors.tagCount()),
              maxResults: integer(p, 'MaxResults'),
              nextToken: text(p, 'NextToken'),
              pageNumber: integer(p, 'PageNumber'),
              pageSize: integer(p, 'PageSize'),
            }),
          );
        case 'DeleteSnapshot':
          model.deleteSnapshot({ snapshotId: text(p, 'SnapshotId'), force: flag(p, 'Force') });
          return render.done('DeleteSnapshot');
        case 'ModifySnapshotAttribute':
          model.modifySnapshotAttribute({
            snapshotId: text(p, 'SnapshotId'),
            name: text(p, 'SnapshotName'),
            description: text(p, 'Description'),
            retentionDays: integer(p, 'RetentionDays'),
            disableInstantAccess: flag(p, 'DisableInstantAccess'),
          });
          return render.done('ModifySnapshotAttribute');
        default:
          throw new ApiError('InvalidAction.NotFound', `Specified api ${request.action} is not found, please check your url and method.`, 404);
      }
    },
  };
}
