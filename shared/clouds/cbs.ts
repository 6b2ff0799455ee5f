// The generated CBS client adds a one-line method per action over the common client (five of its forty
// are used here): it is imported for its types alone (tencent-client.ts).
import type { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_client';
import { type ErrorClass } from '../contracts/errors';
import { classifyCode, type ErrorClassTable } from './error-classes';
import type { TencentCredentials } from './credentials';
import { directPage, type CallLimits, type PageFetch } from '../contracts/driver';
import { endpointFor } from './endpoints';
import { TencentClient } from './tencent-client';

/** What the generated client passes to the common one (docs/api-facts.md § "CBS CopySnapshotCrossRegions"). */
const CBS_HOST = 'cbs.tencentcloudapi.com';
const CBS_VERSION = '2017-03-12';

/** DescribeSnapshots: "返回数量，默认为20，最大值为100". */
const MAX_PAGE = 100;
/** CBS answers naive "2006-01-02 15:04:05" times in China Standard Time (UTC+8); no page says so (docs/api-facts.md § "CBS DescribeSnapshots"). */
const API_TIME_ZONE = '+08:00';

/** CBS's own codes (docs/api-facts.md § "CBS CopySnapshotCrossRegions", § "Tencent API errors"); anything else falls back to the common table. */
export const CBS_ERRORS: ErrorClassTable = {
  exact: {
    'ResourceInUse.CopySnapshotConflict': 'conflict',
    ResourceBusy: 'transient',
    'InvalidSnapshotId.NotFound': 'permanent',
    'UnsupportedOperation.SnapshotNotSupportCopy': 'permanent',
    'InvalidSnapshot.NotSupported': 'permanent',
    InsufficientSnapshotQuota: 'permanent',
    'InvalidAccount.InsufficientBalance': 'permanent',
    RequestLimitExceeded: 'throttled',
  },
  prefixes: [
    ['AuthFailure', 'auth'],
    ['RequestLimitExceeded', 'throttled'],
  ],
};

type SdkRequest<K extends keyof Client> = Client[K] extends (req: infer R, ...rest: never[]) => unknown ? NonNullable<R> : never;
type SdkResponse<K extends keyof Client> = Client[K] extends (...args: never[]) => Promise<infer R> ? R : never;
type SdkSnapshot = NonNullable<SdkResponse<'DescribeSnapshots'>['SnapshotSet']>[number];

export interface CbsClientOptions {
  region: string;
  credentials: TencentCredentials;
  /** Default: endpointFor('cbs', region, env) (TENCENT_CBS_ENDPOINT, else the public endpoint). */
  endpoint?: URL;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
}

export interface CbsSnapshot {
  snapshotId: string;
  name: string;
  /** NORMAL | CREATING | COPYING_FROM_REMOTE | CHECKING_COPIED | ROLLBACKING | TORECYCLE */
  state: string;
  diskId: string;
  diskSize: number;
  /** ISO 8601, with the API's +08:00 offset. */
  createTime: string;
  /** ISO 8601 as createTime; absent for a permanent snapshot. */
  deadline?: string;
  isPermanent: boolean;
  copyFromRemote: boolean;
  copyingToRegions: string[];
  /** The region the client asked (DescribeSnapshots is regional). */
  region: string;
}

/** What the engine narrows a listing to: ids (a copy's disk id is not documented to be its source's). */
export interface CbsSnapshotFilter {
  snapshotIds?: string[];
}

export interface CbsCopyResult {
  destinationRegion: string;
  /** The new copy's id, on success. */
  snapshotId?: string;
  /** `Success`, or the error code of this destination. */
  code: string;
  message: string;
  /** Set when `code` is not `Success`. */
  errorClass?: ErrorClass;
}

const NAIVE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * Tencent's times ("2024-05-06 15:08:09", Beijing time) as ISO 8601 with that offset, which Date.parse
 * reads; any other text is passed through rather than lost. No Date round trip: lists hold hundreds.
 */
function isoTime(text: string | undefined): string {
  if (!text) return '';
  return NAIVE_TIME.test(text) ? `${text.slice(0, 10)}T${text.slice(11)}${API_TIME_ZONE}` : text;
}

/** The form of the API's Deadline example: 2022-01-08T09:47:55+00:00. */
function deadlineParam(deadline: Date): string {
  return deadline.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** A thin, typed wrapper over the CBS client: one method per API call, every failure a CloudError. */
export class CbsClient {
  readonly region: string;
  private readonly client: TencentClient;

  constructor(opts: CbsClientOptions) {
    this.region = opts.region;
    this.client = new TencentClient({
      service: 'cbs', host: CBS_HOST, version: CBS_VERSION, region: opts.region, credentials: opts.credentials,
      endpoint: opts.endpoint ?? endpointFor('cbs', opts.region, opts.env), errors: CBS_ERRORS,
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}), ...(opts.env ? { env: opts.env } : {}),
    });
  }

  /** API requests this client has sent, failed or not. */
  get callCount(): number {
    return this.client.callCount;
  }

  private call<K extends keyof Client>(action: K & string, req: SdkRequest<K>, limits?: CallLimits): Promise<SdkResponse<K>> {
    // The generated client's types pin each action's request and answer.
    return this.client.call<SdkResponse<K>>(action, req, limits);
  }

  /** One call for several regions; a region that fails is reported in its result, not thrown. */
  async copySnapshotCrossRegions(input: {
    snapshotId: string;
    destinationRegions: string[];
    name?: string;
  }, limits?: CallLimits): Promise<{ results: CbsCopyResult[]; requestId: string }> {
    const answer = await this.call('CopySnapshotCrossRegions', {
      SnapshotId: input.snapshotId,
      DestinationRegions: input.destinationRegions,
      ...(input.name !== undefined ? { SnapshotName: input.name } : {}),
    }, limits);
    const results = (answer.SnapshotCopyResultSet ?? []).map((r): CbsCopyResult => {
      const code = r.Code ?? '';
      return {
        destinationRegion: r.DestinationRegion ?? '',
        ...(r.SnapshotId ? { snapshotId: r.SnapshotId } : {}),
        code,
        message: r.Message ?? '',
        ...(code !== 'Success' ? { errorClass: classifyCode(code, undefined, CBS_ERRORS) } : {}),
      };
    });
    return { results, requestId: answer.RequestId ?? '' };
  }

  async describeSnapshots(
    filter: CbsSnapshotFilter & { offset?: number; limit?: number } = {},
    limits?: CallLimits,
  ): Promise<{ snapshots: CbsSnapshot[]; totalCount: number }> {
    const answer = await this.call('DescribeSnapshots', {
      ...(filter.snapshotIds !== undefined ? { SnapshotIds: filter.snapshotIds } : {}),
      ...(filter.offset !== undefined ? { Offset: filter.offset } : {}),
      ...(filter.limit !== undefined ? { Limit: filter.limit } : {}),
    }, limits);
    return {
      snapshots: (answer.SnapshotSet ?? []).map((s) => this.snapshot(s)),
      totalCount: answer.TotalCount ?? 0,
    };
  }

  /** Every matching snapshot, following Offset in pages of 100. */
  async listAllSnapshots(filter: CbsSnapshotFilter = {}, fetchPage: PageFetch = directPage): Promise<CbsSnapshot[]> {
    const all: CbsSnapshot[] = [];
    for (;;) {
      const offset = all.length;
      const page = await fetchPage((limits) => this.describeSnapshots({ ...filter, offset, limit: MAX_PAGE }, limits));
      all.push(...page.snapshots);
      if (page.snapshots.length === 0 || all.length >= page.totalCount) return all;
    }
  }

  /** A deadline takes `isPermanent: false` beside it, as the API requires. */
  async modifySnapshotAttribute(input: { snapshotId: string; name?: string; isPermanent?: boolean; deadline?: Date }, limits?: CallLimits): Promise<void> {
    await this.call('ModifySnapshotAttribute', {
      SnapshotId: input.snapshotId,
      ...(input.name !== undefined ? { SnapshotName: input.name } : {}),
      ...(input.isPermanent !== undefined ? { IsPermanent: input.isPermanent } : {}),
      ...(input.deadline !== undefined ? { Deadline: deadlineParam(input.deadline) } : {}),
    }, limits);
  }

  async deleteSnapshots(snapshotIds: string[], limits?: CallLimits): Promise<void> {
    await this.call('DeleteSnapshots', { SnapshotIds: snapshotIds }, limits);
  }

  private snapshot(s: SdkSnapshot): CbsSnapshot {
    const deadline = s.IsPermanent === true ? '' : isoTime(s.DeadlineTime);
    return {
      snapshotId: s.SnapshotId ?? '',
      name: s.SnapshotName ?? '',
      state: s.SnapshotState ?? '',
      diskId: s.DiskId ?? '',
      diskSize: s.DiskSize ?? 0,
      createTime: isoTime(s.CreateTime),
      ...(deadline !== '' ? { deadline } : {}),
      isPermanent: s.IsPermanent === true,
      copyFromRemote: s.CopyFromRemote === true,
      copyingToRegions: s.CopyingToRegions ?? [],
      region: this.region,
    };
  }
}
