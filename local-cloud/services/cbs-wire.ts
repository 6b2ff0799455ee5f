import { ApiError } from '../api-error';
import type { AnswerSettings, ServiceHandler, ServiceRequest } from '../service';
import type { CbsFilter, CbsModel } from './cbs-model';
import { CbsRenderer } from './cbs-render';
import { parseApiTime } from './cbs-time';
import {
  badType,
  has,
  missing,
  optionalBoolean,
  optionalCount,
  optionalString,
  optionalStringList,
  refuseUnknown,
  requiredString,
  requiredStringList,
  type Tc3Params,
} from '../wire/tc3-params';

/**
 * CBS on the wire: the JSON body and X-TC-Region -> typed requests -> CbsModel -> CbsRenderer. A
 * route per action names the parameters its request model defines; anything else is refused, as the
 * API gateway does.
 */

/** The JSON body of a Tencent API 3.0 request. */
type Params = Tc3Params;

function filters(p: Params): CbsFilter[] | undefined {
  if (!has(p, 'Filters')) return undefined;
  const value = p.Filters;
  if (!Array.isArray(value)) throw badType('Filters', 'an array of {Name, Values}');
  return value.map((entry: unknown, i) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw badType(`Filters.${i}`, 'an object {Name, Values}');
    const filter = entry as Params;
    return { name: requiredString(filter, 'Name'), values: requiredStringList(filter, 'Values') };
  });
}

/** `Deadline` as a time; NaN when its text is not one the API takes, so the model answers for it. */
function deadline(p: Params): number | undefined {
  const value = optionalString(p, 'Deadline');
  return value === undefined ? undefined : (parseApiTime(value) ?? Number.NaN);
}

interface Route {
  /** The parameters the API defines; anything else is refused, as the API gateway does. */
  params: readonly string[];
  /** Whether X-TC-Region is required (the API documents list it per action). */
  regional: boolean;
  run(model: CbsModel, render: CbsRenderer, region: string | undefined, p: Params): Record<string, unknown>;
}

/** A regional route's handler always gets a region: the wire checked it first. */
function regionOf(region: string | undefined): string {
  if (region === undefined) throw missing('Region');
  return region;
}

const ROUTES: Readonly<Record<string, Route>> = {
  CopySnapshotCrossRegions: {
    params: ['SnapshotId', 'DestinationRegions', 'SnapshotName'],
    regional: false,
    run: (model, render, region, p) =>
      render.copySnapshotCrossRegions(
        model.copySnapshotCrossRegions(region, {
          snapshotId: requiredString(p, 'SnapshotId'),
          destinationRegions: requiredStringList(p, 'DestinationRegions'),
          name: optionalString(p, 'SnapshotName'),
        }),
      ),
  },
  DescribeSnapshots: {
    params: ['SnapshotIds', 'Filters', 'Offset', 'Limit', 'Order', 'OrderField'],
    regional: true,
    run: (model, render, region, p) =>
      render.describeSnapshots(
        model.describeSnapshots(regionOf(region), {
          snapshotIds: optionalStringList(p, 'SnapshotIds'),
          filters: filters(p),
          offset: optionalCount(p, 'Offset'),
          limit: optionalCount(p, 'Limit'),
          order: optionalString(p, 'Order'),
          orderField: optionalString(p, 'OrderField'),
        }),
      ),
  },
  ModifySnapshotAttribute: {
    params: ['SnapshotId', 'SnapshotName', 'IsPermanent', 'Deadline'],
    regional: true,
    run: (model, render, region, p) => {
      model.modifySnapshotAttribute(regionOf(region), {
        snapshotId: requiredString(p, 'SnapshotId'),
        name: optionalString(p, 'SnapshotName'),
        isPermanent: optionalBoolean(p, 'IsPermanent'),
        deadlineMs: deadline(p),
      });
      return render.done('ModifySnapshotAttribute');
    },
  },
  DeleteSnapshots: {
    params: ['SnapshotIds', 'DeleteBindImages'],
    regional: true,
    run: (model, render, region, p) => {
      optionalBoolean(p, 'DeleteBindImages');
      model.deleteSnapshots(regionOf(region), requiredStringList(p, 'SnapshotIds'));
      return render.done('DeleteSnapshots');
    },
  },
};

export function cbsHandler(model: CbsModel, settings: () => AnswerSettings): ServiceHandler {
  const render = new CbsRenderer(settings);
  return {
    service: 'cbs',
    handle(request: ServiceRequest): Record<string, unknown> {
      const route = Object.hasOwn(ROUTES, request.action) ? ROUTES[request.action] : undefined;
      if (!route) throw new ApiError('InvalidAction', `The action \`${request.action}\` does not exist in cbs 2017-03-12.`, 400);
      refuseUnknown(request.params, route.params);
      const region = request.region;
      if (region === undefined && route.regional) throw missing('Region');
      if (region !== undefined && !model.hasRegion(region)) {
        throw new ApiError('UnsupportedRegion', `The region \`${region}\` is not supported by cbs.`, 400);
      }
      return route.run(model, render, region, request.params);
    },
  };
}
