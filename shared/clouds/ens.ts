import { AliyunRpc } from './aliyun-rpc';
import { CloudError } from '../contracts/errors';
import { cloudError } from './cloud-error';
import { type ErrorClassTable } from './error-classes';
import type { AliyunCredentials } from './credentials';
import { isObject, numberOf, text } from './answer-fields';
import { directPage, type CallLimits, type PageFetch } from '../contracts/driver';
import { endpointFor } from './endpoints';
const ENS_API_VERSION = '2017-11-10';

/**
 * ENS's own codes (throttling, 5xx and signature codes are classified as on every service);
 * docs/api-facts.md § "ENS CopySnapshot", § "ENS DeleteSnapshot".
 */
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
    // DeleteSnapshot: gone already (the driver reads these as done), or not deletable yet.
    INSTANCE_ID_NOT_FOUND: 'permanent',
    ERROR_SNAPSHOT_NOT_FOUND: 'permanent',
    ERROR_SNAPSHOT_COPY_IN_PROGRESS: 'not-ready',
    IncorrectInstanceStatus: 'not-ready',
    DISK_SNAPSHOT_STATUS_NOT_MATCH: 'not-ready',
    // A disk was made from the snapshot: it cannot be deleted while that disk exists.
    SNAPSHOT_CLONE_DISK_NOT_NULL: 'permanent',
  },
};

/** DeleteSnapshot codes that mean the snapshot is already gone. */
export const ENS_GONE_CODES: ReadonlySet<string> = new Set(['INSTANCE_ID_NOT_FOUND', 'ERROR_SNAPSHOT_NOT_FOUND']);

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
  /** Lineage: DescribeSnapshots names a copy's source snapshot and node. */
  sourceSnapshotId?: string;
  sourceRegionId?: string;
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

/** A list field; the API may leave out an empty list. */
function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** An id or ids: the official model types them as lists (`SnapShotId`, `InstanceId`); older pages show one string. */
function ids(value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : items(value);
  return list.map(str).filter((id) => id !== '');
}

function toSnapshot(raw: unknown): EnsSnapshot {
  const s = isObject(raw) ? raw : {};
  const size = numberOf(s.Size);
  const sourceSnapshotId = str(s.SourceSnapshotId);
  const sourceRegionId = str(s.SourceEnsRegionId);
  return {
    snapshotId: str(s.SnapshotId),
    name: str(s.SnapshotName),
    description: str(s.Description),
    status: str(s.Status),
    regionId: str(s.EnsRegionId),
    diskId: str(s.SourceDiskId),
    creationTime: str(s.CreationTime),
    ...(size !== undefined ? { size } : {}),
    ...(sourceSnapshotId !== '' ? { sourceSnapshotId } : {}),
    ...(sourceRegionId !== '' ? { sourceRegionId } : {}),
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
  async copySnapshot(
    req: { snapshotId: string; destinationRegionIds: string[]; name?: string; description?: string },
    limits?: CallLimits,
  ): Promise<EnsCopyResult> {
    const body = await this.call('CopySnapshot', 'BizStatusCode', limits, {
      SnapshotId: req.snapshotId,
      // The API takes the list as a JSON-array string (the generated clients' "json" style).
      DestinationRegionIds: JSON.stringify(req.destinationRegionIds),
      DestinationSnapshotName: req.name,
      DestinationSnapshotDescription: req.description,
    });
    return {
      allocated: items(body.AllocationId).filter(isObject).map((a) => ({ regionId: str(a.EnsRegionId), snapshotIds: ids(a.InstanceId) })),
      unallocated: items(body.UnAllocationId).filter(isObject).map((u) => str(u.EnsRegionId)).filter((id) => id !== ''),
      bizStatusCode: str(body.BizStatusCode),
      requestId: str(body.RequestId),
    };
  }

  async createSnapshot(
    req: { diskId: string; ensRegionId: string; name?: string; description?: string },
    limits?: CallLimits,
  ): Promise<{ snapshotId: string; orderId?: string; requestId: string }> {
    const body = await this.call('CreateSnapshot', 'SnapShotId', limits, {
      DiskId: req.diskId,
      EnsRegionId: req.ensRegionId,
      SnapshotName: req.name,
      Description: req.description,
    });
    // `SnapShotId` (capital S in the middle): a list in the official model, one string on older pages.
    const snapshotId = ids(body.SnapShotId)[0];
    if (snapshotId === undefined) throw malformed('CreateSnapshot', 'SnapShotId', body);
    const orderId = str(body.OrderId);
    return { snapshotId, ...(orderId !== '' ? { orderId } : {}), requestId: str(body.RequestId) };
  }

  async describeSnapshots(req: EnsDescribeRequest = {}, limits?: CallLimits): Promise<EnsSnapshotPage> {
    const body = await this.call('DescribeSnapshots', 'TotalCount', limits, {
      EnsRegionId: req.ensRegionId,
      SnapshotId: req.snapshotIds ? JSON.stringify(req.snapshotIds) : undefined,
      PageNumber: req.pageNumber,
      PageSize: req.pageSize,
    });
    const snapshots = items(body.Snapshots).map(toSnapshot);
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
      const page = await fetchPage((limits) => this.describeSnapshots({ ...filter, pageNumber, pageSize: LIST_PAGE_SIZE }, limits));
      all.push(...page.snapshots);
      if (page.snapshots.length === 0 || all.length >= page.totalCount) break;
    }
    return all;
  }

  async deleteSnapshot(snapshotId: string, limits?: CallLimits): Promise<{ requestId: string }> {
    const body = await this.call('DeleteSnapshot', 'RequestId', limits, { SnapshotId: snapshotId });
    return { requestId: str(body.RequestId) };
  }

  /**
   * pop-core resolves an HTTP 5xx without `Code` as a success: an answer without `always`, a field the
   * action answers every time, is that failure (transient), never an empty success. Lists the API
   * leaves out when empty are read as empty.
   */
  private async call(action: string, always: string, limits: CallLimits | undefined, params: Record<string, string | number | undefined>): Promise<Json> {
    const body: unknown = await this.rpc.call<unknown>(action, params, limits);
    if (!isObject(body) || body[always] === undefined || body[always] === null) throw malformed(action, always, body);
    return body;
  }
}

/** An answer that lacks what every answer of the action carries: transient, tried again. */
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
