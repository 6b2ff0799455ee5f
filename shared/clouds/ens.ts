import { AliyunRpc } from './aliyun-rpc';
import { CloudError } from '../contracts/errors';
import { cloudError } from './cloud-error';
import { type ErrorClassTable } from './error-classes';
import type { AliyunCredentials } from './credentials';
import { isObject, numberOf, text } from './answer-fields';
import { directPage, type PageFetch } from '../contracts/driver';
import { endpointFor } from './endpoints';
const ENS_API_VERSION = '2017-11-10';

/** ENS's own codes (throttling, 5xx and signature codes are classified as on every service). */
export const ENS_ERRORS: ErrorClassTable = {
  exact: {
    'SaleControl.VerificationFailed': 'permanent',
    SaleControlVerificationFailedStock: 'permanent',
    SaleControlVerificationFailedRegion: 'permanent',
    ENS_SERVICE_ARREARAGE: 'permanent',
    'Order.CreateFailed': 'permanent',
    OrderFailed: 'permanent',
    NoPermission: 'auth',
    // "Failed to call API": a failure inside the service, not of the request.
    'ens.interface.error': 'transient',
    // The source snapshot is still `creating`.
    'InvalidSnapshotId.NotReady': 'not-ready',
  },
};

/** The page size listAllSnapshots asks for: the most the API allows. */
const LIST_PAGE_SIZE = 100;
/** Guards against a service that keeps answering full pages: 1000 pages of 100 is far beyond any account. */
const MAX_PAGES = 1000;

export interface EnsClientOptions {
  credentials: AliyunCredentials;
  /** Default: `ALIYUN_ENS_ENDPOINT` from `env`, else the public ENS endpoint. */
  endpoint?: URL;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
}

export interface EnsSnapshot {
  snapshotId: string;
  name: string;
  description: string;
  /** creating | available | deleting | error */
  status: string;
  /** The edge node (EnsRegionId). */
  regionId: string;
  diskId: string;
  creationTime: string;
  size?: number;
}

export interface EnsCopyResult {
  allocated: Array<{ regionId: string; snapshotIds: string[] }>;
  /** Nodes where no copy was made: only these need another try. */
  unallocated: string[];
  /** AllSuccess | PartSuccess */
  bizStatusCode: string;
  requestId: string;
}

/** What the engine narrows a listing to: an edge node, and ids. */
export interface EnsSnapshotFilter {
  ensRegionId?: string;
  snapshotIds?: string[];
}

export interface EnsDescribeRequest extends EnsSnapshotFilter {
  pageNumber?: number;
  pageSize?: number;
}

export interface EnsSnapshotPage {
  snapshots: EnsSnapshot[];
  totalCount: number;
  pageNumber: number;
  pageSize: number;
}

type Json = Record<string, unknown>;

/** A field's text, or '' when absent. */
function str(value: unknown): string {
  return text(value) ?? '';
}

/** A list the answer may give bare (`[...]`) or wrapped in one key (`{ Snapshot: [...] }`), as RPC answers sometimes do. */
function items(value: unknown, wrapper: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value) && Array.isArray(value[wrapper])) return value[wrapper] as unknown[];
  return [];
}

function strings(value: unknown, wrapper: string): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  return items(value, wrapper).map(str).filter((s) => s !== '');
}

function toSnapshot(raw: unknown): EnsSnapshot {
  const s = isObject(raw) ? raw : {};
  const size = numberOf(s.Size);
  return {
    snapshotId: str(s.SnapshotId),
    name: str(s.SnapshotName),
    description: str(s.Description),
    status: str(s.Status),
    regionId: str(s.EnsRegionId),
    // The documents name the disk SourceDiskId; DiskId is read too in case an answer uses it.
    diskId: str(s.SourceDiskId) || str(s.DiskId),
    creationTime: str(s.CreationTime),
    ...(size !== undefined ? { size } : {}),
  };
}

/** A thin typed adapter over the ENS RPC API: one method per action, no retries, no decisions. */
export class EnsClient {
  private readonly rpc: AliyunRpc;

  constructor(opts: EnsClientOptions) {
    this.rpc = new AliyunRpc({
      service: 'ens',
      apiVersion: ENS_API_VERSION,
      endpoint: opts.endpoint ?? endpointFor('ens', '', opts.env),
      credentials: opts.credentials,
      timeoutMs: opts.timeoutMs,
      errors: ENS_ERRORS,
    });
  }

  /** API requests this client has sent. */
  get callCount(): number {
    return this.rpc.callCount;
  }

  /** Copies one snapshot to several edge nodes; some nodes may fail while others succeed. */
  async copySnapshot(req: {
    snapshotId: string;
    destinationRegionIds: string[];
    name?: string;
    description?: string;
  }): Promise<EnsCopyResult> {
    const body = await this.call('CopySnapshot', {
      SnapshotId: req.snapshotId,
      // The API takes the list as a JSON-array string (the generated clients' "json" style).
      DestinationRegionIds: JSON.stringify(req.destinationRegionIds),
      DestinationSnapshotName: req.name,
      DestinationSnapshotDescription: req.description,
    });
    const bizStatusCode = str(body.BizStatusCode);
    if (bizStatusCode === '') throw malformed('CopySnapshot', 'BizStatusCode', body);
    return {
      allocated: items(body.AllocationId, 'AllocationId').filter(isObject).map((a) => ({
        regionId: str(a.EnsRegionId),
        snapshotIds: strings(a.InstanceId, 'InstanceId'),
      })),
      unallocated: items(body.UnAllocationId, 'UnAllocationId')
        .map((u) => (isObject(u) ? str(u.EnsRegionId) : str(u)))
        .filter((id) => id !== ''),
      bizStatusCode,
      requestId: str(body.RequestId),
    };
  }

  async createSnapshot(req: {
    diskId: string;
    ensRegionId: string;
    name?: string;
    description?: string;
  }): Promise<{ snapshotId: string; orderId?: string; requestId: string }> {
    const body = await this.call('CreateSnapshot', {
      DiskId: req.diskId,
      EnsRegionId: req.ensRegionId,
      SnapshotName: req.name,
      Description: req.description,
    });
    // The API answers `SnapShotId` (capital S in the middle).
    const snapshotId = str(body.SnapShotId) || str(body.SnapshotId);
    if (snapshotId === '') throw malformed('CreateSnapshot', 'SnapShotId', body);
    const orderId = str(body.OrderId);
    return { snapshotId, ...(orderId !== '' ? { orderId } : {}), requestId: str(body.RequestId) };
  }

  async describeSnapshots(req: EnsDescribeRequest = {}): Promise<EnsSnapshotPage> {
    const body = await this.call('DescribeSnapshots', {
      EnsRegionId: req.ensRegionId,
      SnapshotId: req.snapshotIds ? JSON.stringify(req.snapshotIds) : undefined,
      PageNumber: req.pageNumber,
      PageSize: req.pageSize,
    });
    if (!('Snapshots' in body)) throw malformed('DescribeSnapshots', 'Snapshots', body);
    const snapshots = items(body.Snapshots, 'Snapshot').map(toSnapshot);
    return {
      snapshots,
      totalCount: numberOf(body.TotalCount) ?? snapshots.length,
      pageNumber: numberOf(body.PageNumber) ?? req.pageNumber ?? 1,
      pageSize: numberOf(body.PageSize) ?? req.pageSize ?? snapshots.length,
    };
  }

  /** Every snapshot matching the filter, following the pages. */
  async listAllSnapshots(filter: EnsSnapshotFilter = {}, fetchPage: PageFetch = directPage): Promise<EnsSnapshot[]> {
    const all: EnsSnapshot[] = [];
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber += 1) {
      const page = await fetchPage(() => this.describeSnapshots({ ...filter, pageNumber, pageSize: LIST_PAGE_SIZE }));
      all.push(...page.snapshots);
      if (page.snapshots.length === 0 || all.length >= page.totalCount) break;
    }
    return all;
  }

  async deleteSnapshot(snapshotId: string): Promise<{ requestId: string }> {
    const body = await this.call('DeleteSnapshot', { SnapshotId: snapshotId });
    return { requestId: str(body.RequestId) };
  }

  private async call(action: string, params: Record<string, string | number | undefined>): Promise<Json> {
    const body: unknown = await this.rpc.call<unknown>(action, params);
    if (!isObject(body)) throw malformed(action, 'a JSON object', body);
    return body;
  }
}

/**
 * pop-core resolves an HTTP 5xx answer without `Code` as a success; an answer missing the field the
 * action always returns is treated as that failure (transient), never as an empty success.
 */
function malformed(action: string, field: string, body: unknown): CloudError {
  const requestId = isObject(body) ? str(body.RequestId) : '';
  return cloudError({
    service: 'ens',
    action,
    code: 'InvalidResponse',
    message: `the answer has no ${field}`,
    ...(requestId !== '' ? { requestId } : {}),
    errorClass: 'transient',
  });
}
