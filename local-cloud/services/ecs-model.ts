import type { CloudStateView, EcsSeed, EcsSnapshotSeed, TimingSeed } from '../seed';
import type { ServiceContext } from '../service';
import { EcsErrors, EcsModifyErrors } from './ecs-errors';

/**
 * The ECS (2014-05-26) snapshot state and rules, on typed requests and records: no HTTP, no wire
 * names (ecs-wire.ts parses, ecs-render.ts answers). Statuses settle lazily against the emulated
 * clock: a `progressing` snapshot becomes `accomplished` (or `failed`, under the copyFailRate fault)
 * once the clock passes `completesAt`.
 *
 * The rules come from the API documents (CopySnapshot, DescribeSnapshots, DeleteSnapshot,
 * ModifySnapshotAttribute), written apart from the project's own client-side validation on purpose.
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

type StoredSnapshot = Omit<EcsSnapshotRecord, 'tags'> & {
  tags: Map<string, string>;
  /** Set on a copy drawn to fail (copyFailRate): it ends `failed` instead of `accomplished`. */
  failsAtEnd?: boolean;
};

/** One tag as sent, in order; a key or value left out is undefined. */
export interface TagParam {
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
  /** An empty list filters nothing, as if the parameter were not sent. */
  snapshotIds?: string[];
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
  snapshotId?: string;
  force?: boolean;
}

export interface ModifySnapshotAttributeRequest {
  snapshotId?: string;
  name?: string;
  description?: string;
  /** As sent; NaN when the text was not an integer. */
  retentionDays?: number;
  disableInstantAccess?: boolean;
}


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

function descriptionFits(description: string): boolean {
  const length = chars(description);
  return length >= 2 && length <= 256 && !HTTP_PREFIX.test(description);
}

function checkDescription(description: string | undefined): void {
  if (description !== undefined && !descriptionFits(description)) throw EcsErrors.descriptionMalformed();
}

function retentionFits(days: number): boolean {
  return Number.isInteger(days) && days >= 1 && days <= 65536;
}

/** CopySnapshot's tag rules: at most 20; keys non-empty, both <= 128, no reserved prefix, no URL; keys unique. */
function copyTags(params: readonly TagParam[]): Map<string, string> {
  if (params.length > MAX_TAGS) throw EcsErrors.tagCount();
  const tags = new Map<string, string>();
  for (const tag of params) {
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
  if (params.length > MAX_TAGS) throw EcsErrors.tagCount();
  return params.map((tag) => {
    if (tag.key === undefined || tag.key === '') throw EcsErrors.tagMismatch();
    return tag.value === undefined ? { key: tag.key } : { key: tag.key, value: tag.value };
  });
}

function snapshotIdFilter(ids: readonly string[] | undefined): Set<string> | undefined {
  if (ids === undefined || ids.length === 0) return undefined;
  if (ids.length > MAX_SNAPSHOT_IDS) throw EcsErrors.snapshotIdsMalformed();
  return new Set(ids);
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
      // A failed copy stops where it was; a finished one is complete.
      s.status = s.failsAtEnd ? 'failed' : 'accomplished';
      if (!s.failsAtEnd) s.progress = 100;
      delete s.completesAt;
      delete s.failsAtEnd;
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
    if (retentionDays !== undefined && !retentionFits(retentionDays)) throw EcsErrors.retentionMalformed();
    const tags = copyTags(req.tags ?? []);
    if (req.kmsKeyId !== undefined) {
      if (req.kmsKeyId.length > 64) throw EcsErrors.kmsKeyMalformed();
      if (req.encrypted !== true) throw EcsErrors.kmsWithoutEncrypted();
    }
    const token = req.clientToken;
    if (token !== undefined && (token.length > 64 || [...token].some((c) => c.charCodeAt(0) > 0x7f))) throw EcsErrors.clientTokenMalformed();

    // 2. A replayed ClientToken answers the copy it made, whatever the state is now: even a copy
    // deleted since (the idempotence page: the same token returns the first result,
    // docs/api-facts.md § "ECS CopySnapshot"). The caller must notice such a copy is gone.
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
      ...(this.ctx.faults.drawCopyFailure() ? { failsAtEnd: true } : {}),
    };
    this.snapshots.set(copy.snapshotId, copy);
    if (token !== undefined) this.clientTokens.set(token, { fingerprint, snapshotId: copy.snapshotId });
    return { snapshotId: copy.snapshotId };
  }

  describeSnapshots(req: DescribeSnapshotsRequest): SnapshotPage {
    const regionId = this.checkRegion(req.regionId, 'RegionId');
    const ids = snapshotIdFilter(req.snapshotIds);
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
      snapshots: page.map(({ failsAtEnd: _hidden, ...s }) => ({ ...s, tags: new Map(s.tags) })),
      totalCount: matching.length,
      pageNumber: byToken ? Math.floor(start / size) + 1 : pageNumber,
      pageSize: size,
      nextToken: last && start + page.length < matching.length ? encodeToken(last) : '',
    };
  }

  /**
   * Deletes by id alone (the request has no RegionId). A snapshot that does not exist is ignored, and a
   * `progressing` one is cancelled by its deletion (docs/api-facts.md § "ECS DeleteSnapshot").
   */
  deleteSnapshot(req: DeleteSnapshotRequest): void {
    if (req.snapshotId === undefined) throw EcsErrors.missing('SnapshotId');
    this.snapshots.delete(req.snapshotId);
  }

  /** Renames a snapshot, or changes its description or (only longer) retention. */
  modifySnapshotAttribute(req: ModifySnapshotAttributeRequest): void {
    if (req.snapshotId === undefined) throw EcsErrors.missing('SnapshotId');
    if (req.name === undefined && req.description === undefined && req.retentionDays === undefined && req.disableInstantAccess === undefined) {
      throw EcsModifyErrors.nothingToModify();
    }
    // Names starting with `auto` are kept for automatic snapshots.
    if (req.name !== undefined && (!SNAPSHOT_NAME.test(req.name) || req.name.startsWith('auto'))) throw EcsModifyErrors.nameMalformed();
    if (req.description !== undefined && !descriptionFits(req.description)) throw EcsModifyErrors.descriptionMalformed();
    const s = this.find(req.snapshotId);
    if (!s) throw EcsModifyErrors.snapshotNotFound();
    const days = req.retentionDays;
    if (days !== undefined && (!retentionFits(days) || (s.retentionDays !== undefined && days < s.retentionDays))) {
      throw EcsModifyErrors.retentionMalformed();
    }
    if (req.name !== undefined) s.name = req.name;
    if (req.description !== undefined) s.description = req.description;
    if (days !== undefined) s.retentionDays = days;
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
