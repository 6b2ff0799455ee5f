import { AliyunRpc, type RpcValue } from './aliyun-rpc';
import { CloudError } from '../contracts/errors';
import { cloudError } from './cloud-error';
import { type ErrorClassTable } from './error-classes';
import type { AliyunCredentials } from './credentials';
import { isObject, nonEmpty, numberOf, text } from './answer-fields';
import { directPage, type CallLimits, type PageFetch } from '../contracts/driver';
import { endpointFor } from './endpoints';

/**
 * The ECS (2014-05-26) snapshot calls the project makes, typed and camelCase, over the shared
 * AliyunRpc client. Thin on purpose: no retries and no decisions; every failure is a CloudError.
 */

const ECS_API_VERSION = '2014-05-26';

/** ECS codes beyond the ones every service shares (cloud-error.ts); anything else is permanent. */
export const ECS_ERRORS: ErrorClassTable = {
  exact: {
    // A copy of the same disk is already on its way to that region: in progress, not a failure.
    'InvalidOperation.UnfinishedCrossRegionCopy': 'conflict',
    'InvalidOperation.DiskHasUnfinishedSnapshotCopy': 'conflict',
    'InvalidOperation.UnfinishedEncryptedSnapshotCopy': 'conflict',
    'InvalidOperation.Conflict': 'conflict',
    'InvalidSnapshotId.NotReady': 'not-ready',
    'InvalidOperation.Unauthorized': 'auth',
    'InvalidUser.NotInWhiteList': 'auth',
    // "The operation may conflict with others, please retry later" (DeleteSnapshot and friends).
    'Operation.Conflict': 'transient',
    OperationConflict: 'transient',
  },
  prefixes: [
    ['Forbidden', 'auth'],
    ['Throttling', 'throttled'],
    ['ServiceUnavailable', 'transient'],
  ],
};

/** A snapshot as DescribeSnapshots reports it. */
export interface EcsSnapshot {
  snapshotId: string;
  name: string;
  description: string;
  /** progressing | accomplished | failed */
  status: string;
  /** The source disk (SourceDiskId); a copy reports the original disk. */
  diskId: string;
  /** GiB */
  diskSize: number;
  /** auto | timer | user | copied | imported */
  snapshotType: string;
  retentionDays?: number;
  /** ISO 8601, UTC. */
  creationTime: string;
  tags: Record<string, string>;
  /** Lineage, set on copies. */
  sourceSnapshotId?: string;
  sourceRegionId?: string;
  regionId: string;
}

export interface EcsCopySnapshotRequest {
  snapshotId: string;
  destinationRegionId: string;
  name?: string;
  description?: string;
  retentionDays?: number;
  /** Omit to keep the source's encryption. */
  encrypted?: boolean;
  kmsKeyId?: string;
  tags?: Record<string, string>;
  /** ASCII, <= 64: the same token returns the same copy instead of a second one. */
  clientToken?: string;
}

/** What the engine narrows a listing to; a listing filters on nothing else. */
export interface EcsSnapshotFilter {
  snapshotIds?: string[];
  diskId?: string;
}

export interface EcsDescribeSnapshotsRequest extends EcsSnapshotFilter {
  /** 1..100; defaults to 100 here (the API's own default is 10). */
  maxResults?: number;
  nextToken?: string;
}

export interface EcsSnapshotPage {
  snapshots: EcsSnapshot[];
  /** Absent on the last page. */
  nextToken?: string;
  totalCount: number;
}

export interface EcsClientOptions {
  region: string;
  credentials: AliyunCredentials;
  /** Defaults to the region's endpoint, or ALIYUN_ECS_ENDPOINT from `env`. */
  endpoint?: URL;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
}

const PAGE_SIZE = 100;

/** Tag.N.Key / Tag.N.Value from N = 1, as the API numbers them. */
function flattenTags(tags: Record<string, string> | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  Object.entries(tags ?? {}).forEach(([key, value], i) => {
    flat[`Tag.${i + 1}.Key`] = key;
    flat[`Tag.${i + 1}.Value`] = value;
  });
  return flat;
}

function parseTags(value: unknown): Record<string, string> {
  const list = isObject(value) ? value.Tag : undefined;
  const pairs: Array<[string, string]> = [];
  if (Array.isArray(list)) {
    for (const tag of list) {
      const key = isObject(tag) ? text(tag.TagKey) : undefined;
      if (key !== undefined && isObject(tag)) pairs.push([key, text(tag.TagValue) ?? '']);
    }
  }
  return Object.fromEntries(pairs);
}

function parseSnapshot(raw: Record<string, unknown>, region: string): EcsSnapshot | undefined {
  const snapshotId = nonEmpty(raw.SnapshotId);
  if (snapshotId === undefined) return undefined;
  const retentionDays = numberOf(raw.RetentionDays);
  const sourceSnapshotId = nonEmpty(raw.SourceSnapshotId);
  const sourceRegionId = nonEmpty(raw.SourceRegionId);
  return {
    snapshotId,
    name: text(raw.SnapshotName) ?? '',
    description: text(raw.Description) ?? '',
    status: text(raw.Status) ?? '',
    diskId: text(raw.SourceDiskId) ?? '',
    diskSize: numberOf(raw.SourceDiskSize) ?? 0,
    snapshotType: text(raw.SnapshotType) ?? '',
    ...(retentionDays !== undefined && retentionDays > 0 ? { retentionDays } : {}),
    creationTime: text(raw.CreationTime) ?? '',
    tags: parseTags(raw.Tags),
    ...(sourceSnapshotId !== undefined ? { sourceSnapshotId } : {}),
    ...(sourceRegionId !== undefined ? { sourceRegionId } : {}),
    regionId: nonEmpty(raw.RegionId) ?? region,
  };
}

export class EcsClient {
  readonly region: string;
  private readonly rpc: AliyunRpc;

  constructor(opts: EcsClientOptions) {
    this.region = opts.region;
    this.rpc = new AliyunRpc({
      service: 'ecs',
      apiVersion: ECS_API_VERSION,
      endpoint: opts.endpoint ?? endpointFor('ecs', opts.region, opts.env),
      credentials: opts.credentials,
      timeoutMs: opts.timeoutMs,
      errors: ECS_ERRORS,
    });
  }

  /** Requests sent through this client, failed or not. */
  get callCount(): number {
    return this.rpc.callCount;
  }

  /** An answer without the fields a success carries (pop-core resolves a 5xx without `Code`). */
  private invalidAnswer(action: string, what: string): CloudError {
    return cloudError({ service: 'ecs', action, code: 'InvalidResponse', message: `the answer has no ${what}`, errorClass: 'transient' });
  }

  /** Starts one copy into `destinationRegionId`; the copy finishes later (minutes to hours). */
  async copySnapshot(req: EcsCopySnapshotRequest, limits?: CallLimits): Promise<{ snapshotId: string; requestId: string }> {
    const params: Record<string, RpcValue> = {
      RegionId: this.region,
      SnapshotId: req.snapshotId,
      DestinationRegionId: req.destinationRegionId,
      DestinationSnapshotName: req.name,
      DestinationSnapshotDescription: req.description,
      RetentionDays: req.retentionDays,
      Encrypted: req.encrypted,
      KMSKeyId: req.kmsKeyId,
      ClientToken: req.clientToken,
      ...flattenTags(req.tags),
    };
    const answer = await this.rpc.call<unknown>('CopySnapshot', params, limits);
    const snapshotId = isObject(answer) ? nonEmpty(answer.SnapshotId) : undefined;
    if (!isObject(answer) || snapshotId === undefined) throw this.invalidAnswer('CopySnapshot', 'SnapshotId');
    return { snapshotId, requestId: text(answer.RequestId) ?? '' };
  }

  /** One page of the region's snapshots. */
  async describeSnapshots(req: EcsDescribeSnapshotsRequest = {}, limits?: CallLimits): Promise<EcsSnapshotPage> {
    // An empty id list selects nothing; the API would read it as "no filter".
    if (req.snapshotIds !== undefined && req.snapshotIds.length === 0) return { snapshots: [], totalCount: 0 };
    const params: Record<string, RpcValue> = {
      RegionId: this.region,
      SnapshotIds: req.snapshotIds === undefined ? undefined : JSON.stringify(req.snapshotIds),
      DiskId: req.diskId,
      MaxResults: req.maxResults ?? PAGE_SIZE,
      NextToken: req.nextToken,
    };
    const answer = await this.rpc.call<unknown>('DescribeSnapshots', params, limits);
    // TotalCount comes with every answer (a 5xx without Code resolves without it); an empty list may be left out.
    if (!isObject(answer) || answer.TotalCount === undefined) throw this.invalidAnswer('DescribeSnapshots', 'TotalCount');
    const list = isObject(answer.Snapshots) && Array.isArray(answer.Snapshots.Snapshot) ? answer.Snapshots.Snapshot : [];
    const snapshots = list.filter(isObject).map((raw) => parseSnapshot(raw, this.region)).filter((s): s is EcsSnapshot => s !== undefined);
    const nextToken = nonEmpty(answer.NextToken);
    return { snapshots, totalCount: numberOf(answer.TotalCount) ?? snapshots.length, ...(nextToken !== undefined ? { nextToken } : {}) };
  }

  /** Every matching snapshot of the region, following NextToken through all pages. */
  async listAllSnapshots(filter: EcsSnapshotFilter = {}, fetchPage: PageFetch = directPage): Promise<EcsSnapshot[]> {
    const all: EcsSnapshot[] = [];
    const seen = new Set<string>();
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await fetchPage((limits) => this.describeSnapshots({ ...filter, maxResults: PAGE_SIZE, ...(token !== undefined ? { nextToken: token } : {}) }, limits));
      all.push(...page.snapshots);
      nextToken = page.nextToken;
      // A token that comes back again would loop forever.
      if (nextToken !== undefined) {
        if (seen.has(nextToken)) throw this.invalidAnswer('DescribeSnapshots', 'new NextToken (it repeats)');
        seen.add(nextToken);
      }
    } while (nextToken !== undefined);
    return all;
  }
}
