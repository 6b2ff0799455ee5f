import { ApiError } from '../api-error';
import type { CloudStateView, EcsSeed, EcsSnapshotSeed, TimingSeed } from '../seed';
import type { ServiceContext } from '../service';

/**
 * The ECS (2014-05-26) snapshot state and rules, without HTTP. Statuses settle lazily against the
 * emulated clock: a `progressing` snapshot becomes `accomplished` once the clock passes `completesAt`.
 *
 * The rules come from the API documents (CopySnapshot, DescribeSnapshots, DeleteSnapshot), written
 * apart from the project's own client-side validation on purpose: this model is the test oracle.
 */

export type EcsSnapshotStatus = 'progressing' | 'accomplished' | 'failed';
const STATUSES: ReadonlySet<string> = new Set<EcsSnapshotStatus>(['progressing', 'accomplished', 'failed']);

/** Local (`flash` is the API's name for it) and archive snapshots cannot be copied. */
const NOT_COPYABLE_CATEGORIES: ReadonlySet<string> = new Set(['local', 'flash', 'archive']);

const MAX_TAGS = 20;
const MAX_SNAPSHOT_IDS = 100;
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 10;
const DEFAULT_DISK_SIZE_GIB = 40;

/** A snapshot as the model keeps it. Times are epoch milliseconds of the emulated clock. */
export interface EcsSnapshotRecord {
  snapshotId: string;
  regionId: string;
  diskId: string;
  name: string;
  description: string;
  status: EcsSnapshotStatus;
  /** 0..100 */
  progress: number;
  /** user | timer | auto | copied | imported */
  snapshotType: string;
  /** standard | flash | archive | local */
  category: string;
  /** Insertion order is the answer order. */
  tags: ReadonlyMap<string, string>;
  encrypted: boolean;
  kmsKeyId?: string;
  retentionDays?: number;
  sourceDiskSize: number;
  /** system | data */
  sourceDiskType: string;
  /** image | disk | image_disk | none */
  usage: string;
  creationTime: number;
  /** Set while `progressing`: when the snapshot becomes `accomplished`. */
  completesAt?: number;
  /** Where progress counts from (creation, or the reset for a seeded `progressing` snapshot). */
  startedAt: number;
  sourceSnapshotId?: string;
  sourceRegion?: string;
}

type StoredSnapshot = Omit<EcsSnapshotRecord, 'tags'> & { tags: Map<string, string> };

/** One `Tag.N.*` pair as sent; the wire groups the flat parameters by N. */
export interface TagParam {
  index: number;
  key?: string;
  value?: string;
}

export interface CopySnapshotRequest {
  regionId?: string;
  snapshotId?: string;
  destinationRegionId?: string;
  name?: string;
  description?: string;
  /** As sent; NaN when the text was not an integer. */
  retentionDays?: number;
  encrypted?: boolean;
  kmsKeyId?: string;
  tags?: TagParam[];
  clientToken?: string;
}

export interface DescribeSnapshotsRequest {
  regionId?: string;
  /** The API's JSON-array text, e.g. `["s-1","s-2"]`. */
  snapshotIds?: string;
  diskId?: string;
  status?: string;
  snapshotType?: string;
  name?: string;
  tags?: TagParam[];
  /** Integers as sent; NaN when the text was not an integer. */
  maxResults?: number;
  nextToken?: string;
  pageNumber?: number;
  pageSize?: number;
}

export interface SnapshotPage {
  snapshots: EcsSnapshotRecord[];
  totalCount: number;
  pageNumber: number;
  pageSize: number;
  /** Empty on the last page. */
  nextToken: string;
}

export interface DeleteSnapshotRequest {
  regionId?: string;
  snapshotId?: string;
  force?: boolean;
}

/** The codes, messages and HTTP statuses the service answers with (docs/api-facts.md § "ECS CopySnapshot" where documented). */
export const EcsErrors = {
  missing: (name: string) =>
    name === 'RegionId'
      ? new ApiError('MissingRegionId', 'RegionId is mandatory for this action.', 400)
      : new ApiError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`, 400),
  invalidParameter: (name: string) => new ApiError('InvalidParameter', `The specified parameter "${name}" is not valid.`, 400),
  regionMalformed: (name: string) => new ApiError('InvalidRegionId.MalFormed', `The specified ${name} is not valid.`, 400),
  regionNotExists: (name: string) => new ApiError('InvalidRegionId.NotExists', `Region not exists: ${name}.`, 403),
  snapshotNotFound: (status = 403) => new ApiError('InvalidSnapshotId.NotFound', 'The specified snapshot is not exists.', status),
  snapshotNotReady: () => new ApiError('InvalidSnapshotId.NotReady', 'The specified snapshot has not completed yet.', 403),
  snapshotFailed: () => new ApiError('IncorrectSnapshotStatus', 'The current status of the snapshot does not support this operation.', 403),
  categoryNotCopyable: () => new ApiError('InvalidSnapshotCategory.NotSupportCopy', "The specified snapshot's category does not support copy.", 403),
  sameRegion: () => new ApiError('InvalidOperation.NotSupportCopyInSameRegion', 'Copying snapshot in the same region is not supported.', 403),
  nameMalformed: () => new ApiError('InvalidSnapshotName.Malformed', 'The specified SnapshotName is wrongly formed.', 403),
  descriptionMalformed: () => new ApiError('InvalidDescription.Malformed', 'The specified description is wrongly formed.', 403),
  retentionMalformed: () => new ApiError('InvalidRetentionDays.Malformed', 'The specified RetentionDays is not valid.', 403),
  tagKeyMalformed: () => new ApiError('InvalidTagKey.Malformed', 'The specified Tag.n.Key is not valid.', 400),
  tagValueMalformed: () => new ApiError('InvalidTagValue.Malformed', 'The specified Tag.n.Value is not valid.', 400),
  tagDuplicate: () => new ApiError('Duplicate.TagKey', 'The Tag.N.Key contain duplicate key.', 400),
  tagCount: () => new ApiError('InvalidTagCount', 'The specified tags are beyond the permitted range.', 400),
  tagMismatch: () => new ApiError('InvalidTag.Mismatch', 'The specified Tag.n.Key and Tag.n.Value are not match.', 400),
  kmsWithoutEncrypted: () =>
    new ApiError('InvalidEncrypted.NotMatchKmsKeyId', 'The specified parameter Encrypted must be true when KmsKeyId is not empty.', 403),
  kmsKeyMalformed: () => new ApiError('InvalidKMSKeyId.Malformed', 'The specified parameter KMSKeyId is not valid.', 400),
  decrypt: () => new ApiError('InvalidEncrypted.NotSupportDecrypt', 'Encrypted snapshot not support copy to decrypt snapshot.', 403),
  clientTokenMalformed: () => new ApiError('InvalidClientToken.Malformed', 'The specified parameter "ClientToken" is not valid.', 400),
  idempotentMismatch: () =>
    new ApiError('IdempotentParameterMismatch', 'Request uses a client token in a previous request but is not identical to that request.', 400),
  unfinishedCopy: () =>
    new ApiError('InvalidOperation.UnfinishedCrossRegionCopy', 'This disk has unfinished cross-region copy snapshots in the target region.', 403),
  unfinishedEncryptedCopy: () =>
    new ApiError('InvalidOperation.UnfinishedEncryptedSnapshotCopy', 'This disk has unfinished encrypted copy snapshots in the target region.', 403),
  snapshotIdsMalformed: () => new ApiError('InvalidSnapshotIds.Malformed', 'The amount of specified specified snapshot Ids exceeds the limit.', 403),
  statusNotFound: () => new ApiError('InvalidStatus.NotFound', 'The specified Status is not found', 404),
  snapshotTypeNotFound: () => new ApiError('InvalidSnapshotType.NotFound', 'The specfied SnapshotType is not found', 404),
} as const;

/** Region ids look like `cn-hangzhou` or `us-east-1`. */
const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;
/** 2..128 characters, a letter first, then letters, digits, `:`, `_`, `.`, `-` (so never http://). */
const SNAPSHOT_NAME = /^\p{L}[\p{L}\p{N}:_.-]{1,127}$/u;
const HTTP_PREFIX = /^https?:\/\//;
const RESERVED_TAG_PREFIX = /^(aliyun|acs:)/;
const CONTAINS_URL = /https?:\/\//;

function chars(text: string): number {
  return [...text].length;
}

function checkName(name: string | undefined): void {
  if (name !== undefined && !SNAPSHOT_NAME.test(name)) throw EcsErrors.nameMalformed();
}

function checkDescription(description: string | undefined): void {
  if (description === undefined) return;
  const length = chars(description);
  if (length < 2 || length > 256 || HTTP_PREFIX.test(description)) throw EcsErrors.descriptionMalformed();
}

/** CopySnapshot's tag rules: keys non-empty, both <= 128, no reserved prefix, no URL; keys unique. */
function copyTags(params: readonly TagParam[]): Map<string, string> {
  const tags = new Map<string, string>();
  for (const tag of [...params].sort((a, b) => a.index - b.index)) {
    if (tag.index > MAX_TAGS) throw EcsErrors.tagCount();
    if (tag.index < 1) throw EcsErrors.tagKeyMalformed();
    const key = tag.key ?? '';
    const value = tag.value ?? '';
    if (key === '' || chars(key) > 128 || RESERVED_TAG_PREFIX.test(key) || CONTAINS_URL.test(key)) throw EcsErrors.tagKeyMalformed();
    if (chars(value) > 128 || RESERVED_TAG_PREFIX.test(value) || CONTAINS_URL.test(value)) throw EcsErrors.tagValueMalformed();
    if (tags.has(key)) throw EcsErrors.tagDuplicate();
    tags.set(key, value);
  }
  return tags;
}

/** DescribeSnapshots' tag filter: a key alone matches any value; all pairs must match. */
function filterTags(params: readonly TagParam[]): Array<{ key: string; value?: string }> {
  return [...params]
    .sort((a, b) => a.index - b.index)
    .map((tag) => {
      if (tag.index < 1 || tag.index > MAX_TAGS) throw EcsErrors.tagCount();
      if (tag.key === undefined || tag.key === '') throw EcsErrors.tagMismatch();
      return tag.value === undefined ? { key: tag.key } : { key: tag.key, value: tag.value };
    });
}

function parseSnapshotIds(text: string): Set<string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw EcsErrors.snapshotIdsMalformed();
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_SNAPSHOT_IDS || !parsed.every((id) => typeof id === 'string')) {
    throw EcsErrors.snapshotIdsMalformed();
  }
  // An empty list filters nothing, as if the parameter were not sent.
  return parsed.length === 0 ? undefined : new Set(parsed as string[]);
}

/** Snapshot types a DescribeSnapshots `SnapshotType` filter selects (`auto` and `timer` are one kind). */
function snapshotTypes(filter: string | undefined): ReadonlySet<string> | undefined {
  const value = filter?.toLowerCase();
  if (value === undefined || value === 'all') return undefined;
  if (value === 'auto' || value === 'timer') return new Set(['auto', 'timer']);
  if (value === 'user' || value === 'copied' || value === 'imported') return new Set([value]);
  throw EcsErrors.snapshotTypeNotFound();
}

/** Newest first, then by id: the answer order and the order NextToken walks. */
function compare(a: EcsSnapshotRecord, b: EcsSnapshotRecord): number {
  return b.creationTime - a.creationTime || (a.snapshotId < b.snapshotId ? -1 : a.snapshotId > b.snapshotId ? 1 : 0);
}

/** NextToken is an opaque cursor: the sort key of the last snapshot answered. */
function encodeToken(s: EcsSnapshotRecord): string {
  return Buffer.from(JSON.stringify([s.creationTime, s.snapshotId])).toString('base64url');
}

function decodeToken(token: string): { creationTime: number; snapshotId: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') {
      return { creationTime: parsed[0], snapshotId: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw EcsErrors.invalidParameter('NextToken');
}

function pageSize(value: number | undefined, name: string): number {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) throw EcsErrors.invalidParameter(name);
  return value;
}

function parseSeedTime(text: string | undefined, field: string, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new RangeError(`ecs seed: ${field} ${JSON.stringify(text)} is not an ISO 8601 time`);
  return ms;
}

export class EcsModel {
  private regions: string[] = [];
  private snapshots = new Map<string, StoredSnapshot>();
  /** ClientToken -> the copy it made and the request it came with (global scope, like one account). */
  private clientTokens = new Map<string, { fingerprint: string; snapshotId: string }>();
  private copySeconds = 0;

  constructor(private readonly ctx: ServiceContext) {}

  reset(seed: EcsSeed | undefined, timing: Required<TimingSeed>): void {
    const now = this.ctx.clock.now();
    const regions = [...(seed?.regions ?? [])];
    const snapshots = new Map<string, StoredSnapshot>();
    for (const s of seed?.snapshots ?? []) {
      if (snapshots.has(s.snapshotId)) throw new RangeError(`ecs seed: snapshot ${s.snapshotId} appears twice`);
      if (!regions.includes(s.regionId)) throw new RangeError(`ecs seed: snapshot ${s.snapshotId} names region ${s.regionId}, which is not in ecs.regions`);
      snapshots.set(s.snapshotId, this.fromSeed(s, now, timing));
    }
    this.regions = regions;
    this.snapshots = snapshots;
    this.clientTokens = new Map();
    this.copySeconds = timing.ecsCopySeconds;
  }

  private fromSeed(s: EcsSnapshotSeed, now: number, timing: Required<TimingSeed>): StoredSnapshot {
    const status = s.status ?? 'accomplished';
    if (!STATUSES.has(status)) throw new RangeError(`ecs seed: snapshot ${s.snapshotId} has unknown status ${status}`);
    const creationTime = parseSeedTime(s.creationTime, 'creationTime', now);
    const progressing = status === 'progressing';
    return {
      snapshotId: s.snapshotId,
      regionId: s.regionId,
      diskId: s.diskId,
      name: s.name ?? '',
      description: s.description ?? '',
      status: status as EcsSnapshotStatus,
      progress: status === 'accomplished' ? 100 : (s.progress ?? 0),
      snapshotType: s.snapshotType ?? 'user',
      category: s.category ?? 'standard',
      tags: new Map(Object.entries(s.tags ?? {})),
      encrypted: s.encrypted ?? false,
      ...(s.kmsKeyId !== undefined ? { kmsKeyId: s.kmsKeyId } : {}),
      ...(s.retentionDays !== undefined ? { retentionDays: s.retentionDays } : {}),
      sourceDiskSize: s.sourceDiskSize ?? DEFAULT_DISK_SIZE_GIB,
      sourceDiskType: 'data',
      usage: 'none',
      creationTime,
      // A seeded `progressing` snapshot without completesAt finishes like a fresh copy would.
      ...(progressing ? { completesAt: parseSeedTime(s.completesAt, 'completesAt', now + timing.ecsCopySeconds * 1000) } : {}),
      // Progress of a seeded `progressing` snapshot counts from the reset, whenever it was created.
      startedAt: progressing ? now : creationTime,
      ...(s.sourceSnapshotId !== undefined ? { sourceSnapshotId: s.sourceSnapshotId } : {}),
      ...(s.sourceRegion !== undefined ? { sourceRegion: s.sourceRegion } : {}),
    };
  }

  /** Moves a `progressing` snapshot along the clock; done on every read, so nothing runs in the background. */
  private settle(s: StoredSnapshot, now: number): StoredSnapshot {
    if (s.status !== 'progressing' || s.completesAt === undefined) return s;
    if (now >= s.completesAt) {
      s.status = 'accomplished';
      s.progress = 100;
      delete s.completesAt;
      return s;
    }
    const span = s.completesAt - s.startedAt;
    const byTime = span > 0 ? Math.floor(((now - s.startedAt) / span) * 100) : 0;
    s.progress = Math.min(99, Math.max(s.progress, byTime));
    return s;
  }

  private all(): StoredSnapshot[] {
    const now = this.ctx.clock.now();
    return [...this.snapshots.values()].map((s) => this.settle(s, now));
  }

  private find(snapshotId: string): StoredSnapshot | undefined {
    const s = this.snapshots.get(snapshotId);
    return s && this.settle(s, this.ctx.clock.now());
  }

  private checkRegion(value: string | undefined, name: string): string {
    if (value === undefined || value === '') throw EcsErrors.missing(name);
    if (!REGION_ID.test(value)) throw EcsErrors.regionMalformed(name);
    if (!this.regions.includes(value)) throw EcsErrors.regionNotExists(value);
    return value;
  }

  copySnapshot(req: CopySnapshotRequest): { snapshotId: string } {
    // 1. The request on its own: required parameters, then each parameter's format.
    const regionId = this.checkRegion(req.regionId, 'RegionId');
    if (req.snapshotId === undefined || req.snapshotId === '') throw EcsErrors.missing('SnapshotId');
    const destinationRegionId = this.checkRegion(req.destinationRegionId, 'DestinationRegionId');
    checkName(req.name);
    checkDescription(req.description);
    const retentionDays = req.retentionDays;
    if (retentionDays !== undefined && (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 65536)) {
      throw EcsErrors.retentionMalformed();
    }
    const tags = copyTags(req.tags ?? []);
    if (req.kmsKeyId !== undefined) {
      if (req.kmsKeyId.length > 64) throw EcsErrors.kmsKeyMalformed();
      if (req.encrypted !== true) throw EcsErrors.kmsWithoutEncrypted();
    }
    const token = req.clientToken;
    if (token !== undefined && (token.length > 64 || [...token].some((c) => c.charCodeAt(0) > 0x7f))) throw EcsErrors.clientTokenMalformed();

    // 2. A replayed ClientToken answers the copy it made, whatever the state is now.
    const fingerprint = JSON.stringify([
      regionId, req.snapshotId, destinationRegionId, req.name, req.description, retentionDays, req.encrypted, req.kmsKeyId,
      [...tags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ]);
    if (token !== undefined) {
      const earlier = this.clientTokens.get(token);
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) throw EcsErrors.idempotentMismatch();
        return { snapshotId: earlier.snapshotId };
      }
    }

    // 3. The state: the source, then what may be copied from it.
    const source = this.find(req.snapshotId);
    if (!source || source.regionId !== regionId) throw EcsErrors.snapshotNotFound();
    if (destinationRegionId === regionId) throw EcsErrors.sameRegion();
    if (NOT_COPYABLE_CATEGORIES.has(source.category.toLowerCase())) throw EcsErrors.categoryNotCopyable();
    if (source.status === 'progressing') throw EcsErrors.snapshotNotReady();
    if (source.status === 'failed') throw EcsErrors.snapshotFailed();
    if (source.encrypted && req.encrypted === false) throw EcsErrors.decrypt();
    const encrypted = req.encrypted ?? source.encrypted;
    // One copy of a disk in flight per destination region.
    const inFlight = this.all().find(
      (s) => s.status === 'progressing' && s.regionId === destinationRegionId && s.sourceRegion === regionId && s.diskId === source.diskId,
    );
    if (inFlight) throw inFlight.encrypted || encrypted ? EcsErrors.unfinishedEncryptedCopy() : EcsErrors.unfinishedCopy();

    const now = this.ctx.clock.now();
    const copy: StoredSnapshot = {
      snapshotId: this.ctx.ids.next('s-'),
      regionId: destinationRegionId,
      diskId: source.diskId,
      name: req.name ?? '',
      description: req.description ?? '',
      status: 'progressing',
      progress: 0,
      snapshotType: 'copied',
      category: 'standard',
      tags,
      encrypted,
      ...(req.kmsKeyId !== undefined ? { kmsKeyId: req.kmsKeyId } : {}),
      ...(retentionDays !== undefined ? { retentionDays } : {}),
      sourceDiskSize: source.sourceDiskSize,
      sourceDiskType: source.sourceDiskType,
      usage: 'none',
      creationTime: now,
      completesAt: now + this.copySeconds * 1000,
      startedAt: now,
      sourceSnapshotId: source.snapshotId,
      sourceRegion: regionId,
    };
    this.snapshots.set(copy.snapshotId, copy);
    if (token !== undefined) this.clientTokens.set(token, { fingerprint, snapshotId: copy.snapshotId });
    return { snapshotId: copy.snapshotId };
  }

  describeSnapshots(req: DescribeSnapshotsRequest): SnapshotPage {
    const regionId = this.checkRegion(req.regionId, 'RegionId');
    const ids = req.snapshotIds === undefined ? undefined : parseSnapshotIds(req.snapshotIds);
    const status = req.status?.toLowerCase();
    if (status !== undefined && status !== 'all' && !STATUSES.has(status)) throw EcsErrors.statusNotFound();
    const types = snapshotTypes(req.snapshotType);
    const tags = filterTags(req.tags ?? []);
    // MaxResults/NextToken and PageNumber/PageSize both page; the token wins when both are sent.
    const byToken = req.maxResults !== undefined || req.nextToken !== undefined;
    const size = byToken ? pageSize(req.maxResults, 'MaxResults') : pageSize(req.pageSize, 'PageSize');
    const pageNumber = req.pageNumber ?? 1;
    if (!byToken && (!Number.isInteger(pageNumber) || pageNumber < 1)) throw EcsErrors.invalidParameter('PageNumber');

    const matching = this.all()
      .filter(
        (s) =>
          s.regionId === regionId &&
          (ids === undefined || ids.has(s.snapshotId)) &&
          (req.diskId === undefined || s.diskId === req.diskId) &&
          (status === undefined || status === 'all' || s.status === status) &&
          (types === undefined || types.has(s.snapshotType.toLowerCase())) &&
          (req.name === undefined || s.name === req.name) &&
          tags.every((t) => s.tags.has(t.key) && (t.value === undefined || s.tags.get(t.key) === t.value)),
      )
      .sort(compare);

    let start = byToken ? 0 : (pageNumber - 1) * size;
    if (req.nextToken !== undefined) {
      const after = decodeToken(req.nextToken);
      const index = matching.findIndex(
        (s) => s.creationTime < after.creationTime || (s.creationTime === after.creationTime && s.snapshotId > after.snapshotId),
      );
      start = index === -1 ? matching.length : index;
    }
    const page = matching.slice(start, start + size);
    const last = page[page.length - 1];
    return {
      snapshots: page.map((s) => ({ ...s, tags: new Map(s.tags) })),
      totalCount: matching.length,
      pageNumber: byToken ? Math.floor(start / size) + 1 : pageNumber,
      pageSize: size,
      nextToken: last && start + page.length < matching.length ? encodeToken(last) : '',
    };
  }

  deleteSnapshot(req: DeleteSnapshotRequest): void {
    if (req.snapshotId === undefined || req.snapshotId === '') throw EcsErrors.missing('SnapshotId');
    // RegionId is optional here; when sent (a regional endpoint), the snapshot must live there.
    if (req.regionId !== undefined) this.checkRegion(req.regionId, 'RegionId');
    const s = this.find(req.snapshotId);
    if (!s || (req.regionId !== undefined && s.regionId !== req.regionId)) throw EcsErrors.snapshotNotFound(404);
    this.snapshots.delete(s.snapshotId);
  }

  view(): CloudStateView['ecs'] {
    const snapshots = this.all().map((s): EcsSnapshotSeed => ({
      snapshotId: s.snapshotId,
      regionId: s.regionId,
      diskId: s.diskId,
      name: s.name,
      description: s.description,
      status: s.status,
      progress: s.progress,
      snapshotType: s.snapshotType,
      category: s.category,
      tags: Object.fromEntries(s.tags),
      encrypted: s.encrypted,
      ...(s.kmsKeyId !== undefined ? { kmsKeyId: s.kmsKeyId } : {}),
      ...(s.retentionDays !== undefined ? { retentionDays: s.retentionDays } : {}),
      sourceDiskSize: s.sourceDiskSize,
      creationTime: this.ctx.clock.iso(s.creationTime),
      ...(s.completesAt !== undefined ? { completesAt: this.ctx.clock.iso(s.completesAt) } : {}),
      ...(s.sourceSnapshotId !== undefined ? { sourceSnapshotId: s.sourceSnapshotId } : {}),
      ...(s.sourceRegion !== undefined ? { sourceRegion: s.sourceRegion } : {}),
    }));
    return { regions: [...this.regions], snapshots };
  }
}
