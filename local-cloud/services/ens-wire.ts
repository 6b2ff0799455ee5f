import { ApiError } from '../api-error';
import type { ServiceHandler, ServiceRequest } from '../service';
import type { EnsModel } from './ens-model';

type Params = Record<string, unknown>;

function text(params: Params, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

function required(params: Params, name: string): string {
  const value = text(params, name);
  if (value === undefined || value === '') {
    throw new ApiError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`, 400);
  }
  return value;
}

/** An empty string means "not given", as an absent parameter does. */
function optional(params: Params, name: string): string | undefined {
  const value = text(params, name);
  return value === '' ? undefined : value;
}

function parseJsonList(value: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((v): v is string => typeof v === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A list parameter in either form a client may send: one JSON-array string (the generated
 * clients' "json" style) or flat `Name.1`, `Name.2`, ... (pop-core's flattening of an array).
 */
function list(params: Params, name: string, bad: (detail: string) => ApiError): string[] | undefined {
  const json = optional(params, name);
  if (json !== undefined) {
    const parsed = parseJsonList(json);
    if (!parsed) throw bad(`${name} must be a JSON array of strings.`);
    return parsed;
  }
  const flat: Array<[number, string]> = [];
  const pattern = new RegExp(`^${name}\\.(\\d+)$`);
  for (const [key, value] of Object.entries(params)) {
    const match = pattern.exec(key);
    if (match && typeof value === 'string') flat.push([Number(match[1]), value]);
  }
  if (flat.length === 0) return undefined;
  return flat.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
}

/** DescribeSnapshots' SnapshotId: one id, or a JSON array of ids. */
function snapshotIds(params: Params): string[] | undefined {
  const value = optional(params, 'SnapshotId');
  if (value === undefined) return undefined;
  if (!value.trimStart().startsWith('[')) return [value];
  const parsed = parseJsonList(value);
  if (!parsed) throw new ApiError('InvalidParameter.SnapshotId', 'The specified field SnapshotId invalid. It must be an id or a JSON array of ids.', 400);
  return parsed;
}

/** Numbers arrive as strings; anything that is not a number is left for the model to refuse. */
function integer(params: Params, name: string): number | undefined {
  const value = optional(params, name);
  return value === undefined ? undefined : Number(value);
}

/** ENS wire mapping: flat RPC parameters -> model calls -> answer bodies. */
export function ensHandler(model: EnsModel): ServiceHandler {
  return {
    service: 'ens',
    handle(request: ServiceRequest): Record<string, unknown> {
      const p = request.params;
      switch (request.action) {
        case 'CopySnapshot': {
          const snapshotId = required(p, 'SnapshotId');
          const destinations = list(p, 'DestinationRegionIds', (detail) =>
            new ApiError('InvalidDestinationRegionIds', `The specified parameter DestinationRegionIds is invalid. ${detail}`, 400),
          );
          if (destinations === undefined) required(p, 'DestinationRegionIds');
          return model.copySnapshot({
            snapshotId,
            destinationRegionIds: destinations ?? [],
            name: text(p, 'DestinationSnapshotName'),
            description: text(p, 'DestinationSnapshotDescription'),
          });
        }
        case 'CreateSnapshot':
          return model.createSnapshot({
            diskId: required(p, 'DiskId'),
            ensRegionId: required(p, 'EnsRegionId'),
            snapshotName: text(p, 'SnapshotName'),
            description: text(p, 'Description'),
          });
        case 'DescribeSnapshots':
          return model.describeSnapshots({
            ensRegionId: optional(p, 'EnsRegionId'),
            ensRegionIds: list(p, 'EnsRegionIds', (detail) =>
              new ApiError('InvalidParameter.EnsRegionIds', `The specified field EnsRegionIds invalid. ${detail}`, 400),
            ),
            snapshotIds: snapshotIds(p),
            diskId: optional(p, 'DiskId'),
            snapshotName: optional(p, 'SnapshotName'),
            status: optional(p, 'Status'),
            pageNumber: integer(p, 'PageNumber'),
            pageSize: integer(p, 'PageSize'),
          });
        case 'DeleteSnapshot':
          return model.deleteSnapshot({ snapshotId: required(p, 'SnapshotId'), ensRegionId: optional(p, 'EnsRegionId') });
        default:
          throw new ApiError('InvalidAction.NotFound', `Specified api ${request.action} is not found.`, 400);
      }
    },
  };
}
