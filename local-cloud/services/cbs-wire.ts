import { ApiError } from '../api-error';
import type { ServiceHandler, ServiceRequest } from '../service';
import type { CbsFilter, CbsModel } from './cbs-model';

/** The JSON body of a Tencent API 3.0 request. */
type Params = Record<string, unknown>;

const missing = (name: string): ApiError =>
  new ApiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`, 400);
const badType = (name: string, what: string): ApiError =>
  new ApiError('InvalidParameterValue', `The value of parameter \`${name}\` must be ${what}.`, 400);

const has = (p: Params, name: string): boolean => p[name] !== undefined && p[name] !== null;

function optionalString(p: Params, name: string): string | undefined {
  if (!has(p, name)) return undefined;
  const value = p[name];
  if (typeof value !== 'string') throw badType(name, 'a string');
  return value;
}

function requiredString(p: Params, name: string): string {
  const value = optionalString(p, name);
  if (value === undefined || value === '') throw missing(name);
  return value;
}

function optionalBoolean(p: Params, name: string): boolean | undefined {
  if (!has(p, name)) return undefined;
  const value = p[name];
  if (typeof value !== 'boolean') throw badType(name, 'a boolean');
  return value;
}

function optionalCount(p: Params, name: string): number | undefined {
  if (!has(p, name)) return undefined;
  const value = p[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw badType(name, 'a non-negative integer');
  return value;
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw badType(name, 'an array of strings');
  return value;
}

function optionalStringList(p: Params, name: string): string[] | undefined {
  return has(p, name) ? stringList(p[name], name) : undefined;
}

function requiredStringList(p: Params, name: string): string[] {
  const value = optionalStringList(p, name);
  if (value === undefined) throw missing(name);
  return value;
}

function filters(p: Params): CbsFilter[] | undefined {
  if (!has(p, 'Filters')) return undefined;
  const value = p.Filters;
  if (!Array.isArray(value)) throw badType('Filters', 'an array of {Name, Values}');
  return value.map((entry: unknown, i) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw badType(`Filters.${i}`, 'an object {Name, Values}');
    const filter = entry as Params;
    return { Name: requiredString(filter, 'Name'), Values: requiredStringList(filter, 'Values') };
  });
}

interface Route {
  /** The parameters the API defines; anything else is refused, as the API gateway does. */
  params: readonly string[];
  /** Whether X-TC-Region is required (the API documents list it per action). */
  regional: boolean;
  run(model: CbsModel, region: string | undefined, p: Params): Record<string, unknown>;
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
    run: (model, region, p) =>
      model.copySnapshotCrossRegions(region, {
        SnapshotId: requiredString(p, 'SnapshotId'),
        DestinationRegions: requiredStringList(p, 'DestinationRegions'),
        SnapshotName: optionalString(p, 'SnapshotName'),
      }),
  },
  DescribeSnapshots: {
    params: ['SnapshotIds', 'Filters', 'Offset', 'Limit', 'Order', 'OrderField'],
    regional: true,
    run: (model, region, p) =>
      model.describeSnapshots(regionOf(region), {
        SnapshotIds: optionalStringList(p, 'SnapshotIds'),
        Filters: filters(p),
        Offset: optionalCount(p, 'Offset'),
        Limit: optionalCount(p, 'Limit'),
        Order: optionalString(p, 'Order'),
        OrderField: optionalString(p, 'OrderField'),
      }),
  },
  ModifySnapshotAttribute: {
    params: ['SnapshotId', 'SnapshotName', 'IsPermanent', 'Deadline'],
    regional: true,
    run: (model, region, p) =>
      model.modifySnapshotAttribute(regionOf(region), {
        SnapshotId: requiredString(p, 'SnapshotId'),
        SnapshotName: optionalString(p, 'SnapshotName'),
        IsPermanent: optionalBoolean(p, 'IsPermanent'),
        Deadline: optionalString(p, 'Deadline'),
      }),
  },
  DeleteSnapshots: {
    params: ['SnapshotIds', 'DeleteBindImages'],
    regional: true,
    run: (model, region, p) => {
      optionalBoolean(p, 'DeleteBindImages');
      return model.deleteSnapshots(regionOf(region), { SnapshotIds: requiredStringList(p, 'SnapshotIds') });
    },
  },
};

/** CBS wire mapping: the JSON body and X-TC-Region -> model calls -> answer bodies. */
export function cbsHandler(model: CbsModel): ServiceHandler {
  return {
    service: 'cbs',
    handle(request: ServiceRequest): Record<string, unknown> {
      const route = Object.hasOwn(ROUTES, request.action) ? ROUTES[request.action] : undefined;
      if (!route) throw new ApiError('InvalidAction', `The action \`${request.action}\` does not exist in cbs 2017-03-12.`, 400);
      const unknown = Object.keys(request.params).find((key) => !route.params.includes(key));
      if (unknown !== undefined) throw new ApiError('UnknownParameter', `The parameter \`${unknown}\` is not recognized.`, 400);
      const region = request.region;
      if (region === undefined && route.regional) throw missing('Region');
      if (region !== undefined && !model.hasRegion(region)) {
        throw new ApiError('UnsupportedRegion', `The region \`${region}\` is not supported by cbs.`, 400);
      }
      return route.run(model, region, request.params);
    },
  };
}
