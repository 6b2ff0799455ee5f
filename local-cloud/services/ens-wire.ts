import { ApiError } from '../api-error';
import type { AnswerSettings, ServiceHandler, ServiceRequest } from '../service';
import { jsonStringList, missingParameter, requiredText, text, type RpcParams } from '../wire/rpc-params';
import { EnsErrors } from './ens-errors';
import type { EnsModel } from './ens-model';
import { EnsRenderer } from './ens-render';

/**
 * ENS on the wire: flat RPC string parameters -> typed requests -> EnsModel -> EnsRenderer. Each list
 * parameter is read in the one form the official client sends (a JSON-array string); a flattened
 * `Name.1` form, or a parameter the request model does not define (a `Status` filter, an `EnsRegionId`
 * on DeleteSnapshot), is not read at all, as the service would not.
 */

/** CopySnapshot's `DestinationRegionIds`: the official client shrinks the list to one JSON string. */
function destinationRegionIds(params: RpcParams): string[] {
  const value = text(params, 'DestinationRegionIds');
  if (value === undefined) throw missingParameter('DestinationRegionIds');
  const ids = jsonStringList(value);
  if (!ids) throw EnsErrors.invalid('DestinationRegionIds', 'DestinationRegionIds must be a JSON array of strings.');
  return ids;
}

/** DescribeSnapshots' `EnsRegionIds`: a JSON-array string. */
function ensRegionIds(params: RpcParams): string[] | undefined {
  const value = text(params, 'EnsRegionIds');
  if (value === undefined) return undefined;
  const ids = jsonStringList(value);
  if (!ids) throw EnsErrors.invalidParameter('EnsRegionIds', 'EnsRegionIds must be a JSON array of strings.');
  return ids;
}

/** DescribeSnapshots' `SnapshotId`: one id, or a JSON-array string of ids. */
function snapshotIds(params: RpcParams): string[] | undefined {
  const value = text(params, 'SnapshotId');
  if (value === undefined) return undefined;
  if (!value.trimStart().startsWith('[')) return [value];
  const ids = jsonStringList(value);
  if (!ids) throw EnsErrors.invalidParameter('SnapshotId', 'It must be an id or a JSON array of ids.');
  return ids;
}

/** Page numbers as sent; anything that is not a number is left for the model to refuse. */
function pageNumber(params: RpcParams, name: string): number | undefined {
  const value = text(params, name);
  return value === undefined ? undefined : Number(value);
}

/** Names and descriptions are read as sent, an empty one included, so the model can refuse it. */
function raw(params: RpcParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

export function ensHandler(model: EnsModel, settings: () => AnswerSettings): ServiceHandler {
  const render = new EnsRenderer(settings);
  return {
    service: 'ens',
    handle(request: ServiceRequest): Record<string, unknown> {
      const p = request.params;
      switch (request.action) {
        case 'CopySnapshot': {
          const snapshotId = requiredText(p, 'SnapshotId');
          return render.copySnapshot(
            model.copySnapshot({
              snapshotId,
              destinationRegionIds: destinationRegionIds(p),
              name: raw(p, 'DestinationSnapshotName'),
              description: raw(p, 'DestinationSnapshotDescription'),
            }),
          );
        }
        case 'CreateSnapshot': {
          const diskId = requiredText(p, 'DiskId');
          const ensRegionId = requiredText(p, 'EnsRegionId');
          return render.createSnapshot(model.createSnapshot({ diskId, ensRegionId, name: raw(p, 'SnapshotName'), description: raw(p, 'Description') }));
        }
        case 'DescribeSnapshots':
          return render.describeSnapshots(
            model.describeSnapshots({
              ensRegionId: text(p, 'EnsRegionId'),
              ensRegionIds: ensRegionIds(p),
              snapshotIds: snapshotIds(p),
              diskId: text(p, 'DiskId'),
              name: text(p, 'SnapshotName'),
              pageNumber: pageNumber(p, 'PageNumber'),
              pageSize: pageNumber(p, 'PageSize'),
            }),
          );
        case 'DeleteSnapshot':
          model.deleteSnapshot(requiredText(p, 'SnapshotId'));
          return render.done('DeleteSnapshot');
        case 'ModifySnapshotAttribute':
          model.modifySnapshotAttribute({ snapshotId: requiredText(p, 'SnapshotId'), name: raw(p, 'SnapshotName'), description: raw(p, 'Description') });
          return render.done('ModifySnapshotAttribute');
        default:
          throw new ApiError('InvalidAction.NotFound', `Specified api ${request.action} is not found.`, 400);
      }
    },
  };
}
