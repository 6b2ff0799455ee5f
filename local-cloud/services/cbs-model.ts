import { ApiError } from '../api-error';
import type { CbsSeed, CbsSnapshotSeed, CloudStateView, TimingSeed } from '../seed';
import type { ServiceContext } from '../service';

/**
 * The CBS (2017-03-12) state and rules: regions and snapshots, no HTTP.
 * States settle lazily against the emulated clock: nothing runs in the background.
 *
 * The rules are written from the API documents on their own, apart from the project's client-side
 * validation, so they can catch it out. Where the documents are silent the emulator is the stricter
 * or the less convenient reading (a name filter matches substrings, so a client must check names itself).
 */

/**
 * Longest SnapshotName. The CopySnapshotCrossRegions page does not state a limit; the one CBS documents
 * for snapshot names is ModifySnapshotAttribute's "SnapshotName: 新的快照名称。最长为60个字符"
 * (cloud.tencent.com/document/api/362/15650; the English page says "Maximum length is 60 bytes").
 */
const MAX_SNAPSHOT_NAME = 60;
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;
/** DescribeSnapshots: "disk-id ... 一次最多只能传入10个值". */
const MAX_DISK_ID_VALUES = 10;
/** The API answers naive "2006-01-02 15:04:05" times in China Standard Time (UTC+8, no DST). */
const API_TIME_OFFSET_MS = 8 * 3600 * 1000;

/**
 * States that end by themselves; they settle to NORMAL when the clock passes `completesAtMs`
 * (for a seeded one without `completesAt`, cbsCopySeconds after the reset).
 */
const TRANSITIONAL: ReadonlySet<string> = new Set(['CREATING', 'COPYING_FROM_REMOTE', 'CHECKING_COPIED', 'ROLLBACKING']);

interface StoredSnapshot {
  /** Insertion order: the tie-break for equal creation times, so pages never overlap. */
  seq: number;
  snapshotId: string;
  region: string;
  diskId: string;
  name: string;
  state: string;
  diskSize: number;
  createMs: number;
  completesAtMs?: number;
  isPermanent: boolean;
  deadlineMs?: number;
  copyFromRemote: boolean;
  sourceSnapshotId?: string;
  sourceRegion?: string;
}

export interface CbsCopyRequest {
  SnapshotId: string;
  DestinationRegions: string[];
  SnapshotName?: string;
}

export type CbsCopyResult = { SnapshotId: string; DestinationRegion: string; Code: string; Message: string };
export type CbsCopyAnswer = { SnapshotCopyResultSet: CbsCopyResult[] };

export interface CbsFilter {
  Name: string;
  Values: string[];
}

export interface CbsDescribeRequest {
  SnapshotIds?: string[];
  Filters?: CbsFilter[];
  Offset?: number;
  Limit?: number;
  Order?: string;
  OrderField?: string;
}

/** One entry of DescribeSnapshots.SnapshotSet, with the documented field names. */
export type CbsSnapshotItem = {
  SnapshotId: string;
  SnapshotName: string;
  SnapshotState: string;
  SnapshotType: string;
  DiskId: string;
  DiskSize: number;
  DiskUsage: string;
  Percent: number;
  CreateTime: string;
  /** Empty for a permanent snapshot ("如果快照为永久保留，此字段为空"). */
  DeadlineTime: string;
  IsPermanent: boolean;
  CopyFromRemote: boolean;
  CopyingToRegions: string[];
  Encrypt: boolean;
  Placement: { Zone: string; ProjectId: number };
  ImageCount: number;
  Images: unknown[];
  ShareReference: number;
  TimeStartShare: string;
  IsLocked: boolean;
  Tags: unknown[];
};

export type CbsDescribeAnswer = { TotalCount: number; SnapshotSet: CbsSnapshotItem[] };

export interface CbsModifyRequest {
  SnapshotId: string;
  SnapshotName?: string;
  IsPermanent?: boolean;
  /** ISO 8601 with a zone, or "YYYY-MM-DD HH:mm:ss" in the API's own time zone. */
  Deadline?: string;
}

export interface CbsDeleteRequest {
  SnapshotIds: string[];
}

const invalid = (message: string): ApiError => new ApiError('InvalidParameterValue', message, 400);
const missing = (name: string): ApiError =>
  new ApiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`, 400);
const notFound = (id: string): ApiError =>
  new ApiError('InvalidSnapshotId.NotFound', `The snapshot \`${id}\` does not exist.`, 400);

/** "2006-01-02 15:04:05" in the API's time zone. */
function apiTime(ms: number): string {
  return new Date(ms + API_TIME_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Parses a time parameter: ISO 8601 with a zone, or a naive "YYYY-MM-DD HH:mm:ss" in the API's time zone. */
function parseApiTime(text: string): number | undefined {
  const naive = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(text);
  if (naive) {
    const ms = Date.parse(`${naive[1]}T${naive[2]}Z`) - API_TIME_OFFSET_MS;
    // A round trip refuses dates such as 02-30 that Date.parse quietly rolls over.
    return Number.isNaN(ms) || apiTime(ms) !== `${naive[1]} ${naive[2]}` ? undefined : ms;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function seedTime(value: string | undefined, field: string, snapshotId: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`cbs snapshot ${snapshotId}: ${field} must be an ISO 8601 time`);
  return ms;
}

const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** The CBS state: regions and snapshots, moved through their states by the emulated clock. */
export class CbsModel {
  private regions: string[] = [];
  private snapshots = new Map<string, StoredSnapshot>();
  private seq = 0;
  private copySeconds = 0;

  constructor(private readonly ctx: ServiceContext) {}

  reset(seed: CbsSeed | undefined, timing: Required<TimingSeed>): void {
    this.regions = [...(seed?.regions ?? [])];
    this.snapshots.clear();
    this.seq = 0;
    this.copySeconds = timing.cbsCopySeconds;
    const now = wholeSecond(this.ctx.clock.now());
    for (const s of seed?.snapshots ?? []) this.addSeed(s, now);
  }

  private addSeed(s: CbsSnapshotSeed, now: number): void {
    if (!this.regions.includes(s.region)) throw new RangeError(`cbs snapshot ${s.snapshotId}: region ${s.region} is not in cbs.regions`);
    if (this.snapshots.has(s.snapshotId)) throw new RangeError(`cbs snapshot ${s.snapshotId} is seeded twice`);
    const state = s.state ?? 'NORMAL';
    const createMs = seedTime(s.createTime, 'createTime', s.snapshotId) ?? now;
    const deadlineMs = seedTime(s.deadline, 'deadline', s.snapshotId);
    const completesAtMs = TRANSITIONAL.has(state)
      ? (seedTime(s.completesAt, 'completesAt', s.snapshotId) ?? Math.max(createMs, now) + this.copySeconds * 1000)
      : undefined;
    this.store({
      snapshotId: s.snapshotId,
      region: s.region,
      diskId: s.diskId ?? '',
      name: s.name ?? '',
      state,
      diskSize: s.diskSize ?? 50,
      createMs,
      ...(completesAtMs !== undefined ? { completesAtMs } : {}),
      isPermanent: s.isPermanent ?? deadlineMs === undefined,
      ...(deadlineMs !== undefined ? { deadlineMs } : {}),
      copyFromRemote: s.copyFromRemote ?? s.sourceSnapshotId !== undefined,
      ...(s.sourceSnapshotId !== undefined ? { sourceSnapshotId: s.sourceSnapshotId } : {}),
      ...(s.sourceRegion !== undefined ? { sourceRegion: s.sourceRegion } : {}),
    });
  }

  private store(snapshot: Omit<StoredSnapshot, 'seq'>): StoredSnapshot {
    const stored = { ...snapshot, seq: ++this.seq };
    this.snapshots.set(stored.snapshotId, stored);
    return stored;
  }

  hasRegion(region: string): boolean {
    return this.regions.includes(region);
  }

  /** Brings every snapshot up to the clock: finished work becomes NORMAL, expired snapshots are deleted. */
  private settle(): number {
    const now = this.ctx.clock.now();
    for (const s of [...this.snapshots.values()]) {
      if (s.completesAtMs !== undefined && s.completesAtMs <= now) {
        s.state = 'NORMAL';
        delete s.completesAtMs;
      }
      // "超过到期时间后快照将会被自动删除": a snapshot past its deadline is gone.
      if (!s.isPermanent && s.deadlineMs !== undefined && s.deadlineMs <= now) this.snapshots.delete(s.snapshotId);
    }
    return now;
  }

  /** Destination regions a source is being copied to right now, in the order the copies started. */
  private copyingToRegions(source: StoredSnapshot): string[] {
    const regions: string[] = [];
    for (const s of this.snapshots.values()) {
      if (s.sourceSnapshotId === source.snapshotId && s.sourceRegion === source.region && s.state === 'COPYING_FROM_REMOTE' && !regions.includes(s.region)) {
        regions.push(s.region);
      }
    }
    return regions;
  }

  private inRegion(region: string, id: string): StoredSnapshot | undefined {
    const s = this.snapshots.get(id);
    return s && s.region === region ? s : undefined;
  }

  /** Region is optional here (the API document: "Region: not required for this API"); ids are unique across regions. */
  copySnapshotCrossRegions(region: string | undefined, req: CbsCopyRequest): CbsCopyAnswer {
    const now = this.settle();
    if (req.DestinationRegions.length === 0) throw invalid('DestinationRegions must name at least one region.');
    for (const destination of req.DestinationRegions) {
      if (!this.hasRegion(destination)) throw invalid(`The destination region \`${destination}\` is not supported.`);
    }
    // An empty name is taken as no name: the default applies.
    const name = req.SnapshotName === '' ? undefined : req.SnapshotName;
    if (name !== undefined && [...name].length > MAX_SNAPSHOT_NAME) {
      throw invalid(`SnapshotName must be at most ${MAX_SNAPSHOT_NAME} characters.`);
    }
    const source = region === undefined ? this.snapshots.get(req.SnapshotId) : this.inRegion(region, req.SnapshotId);
    if (!source) throw notFound(req.SnapshotId);
    if (source.state !== 'NORMAL') {
      throw new ApiError('InvalidSnapshot.NotSupported', `The snapshot \`${source.snapshotId}\` is ${source.state}; only a NORMAL snapshot can be copied.`, 400);
    }

    const results: CbsCopyResult[] = [];
    for (const destination of req.DestinationRegions) {
      const fail = (Code: string, Message: string): void => {
        results.push({ SnapshotId: '', DestinationRegion: destination, Code, Message });
      };
      if (destination === source.region) {
        fail('InvalidParameterValue', `The destination region \`${destination}\` is the region of the source snapshot.`);
      } else if (this.copyingToRegions(source).includes(destination)) {
        fail('ResourceInUse.CopySnapshotConflict', `The snapshot \`${source.snapshotId}\` is already being copied to \`${destination}\`.`);
      } else if (this.ctx.faults.drawPartialFailure()) {
        fail('ResourceBusy', 'The resource is busy. Try again later.');
      } else {
        const createMs = wholeSecond(now);
        const copy = this.store({
          snapshotId: this.ctx.ids.next('snap-', 8),
          region: destination,
          diskId: source.diskId,
          name: name ?? `Copied ${source.snapshotId} from ${source.region}`,
          state: 'COPYING_FROM_REMOTE',
          diskSize: source.diskSize,
          createMs,
          completesAtMs: createMs + this.copySeconds * 1000,
          isPermanent: true,
          copyFromRemote: true,
          sourceSnapshotId: source.snapshotId,
          sourceRegion: source.region,
        });
        results.push({ SnapshotId: copy.snapshotId, DestinationRegion: destination, Code: 'Success', Message: '' });
      }
    }
    return { SnapshotCopyResultSet: results };
  }

  describeSnapshots(region: string, req: CbsDescribeRequest): CbsDescribeAnswer {
    const now = this.settle();
    if (req.SnapshotIds !== undefined && req.Filters !== undefined) {
      throw invalid('SnapshotIds and Filters cannot be given together.');
    }
    const limit = req.Limit ?? DEFAULT_LIMIT;
    if (limit > MAX_LIMIT) throw invalid(`Limit must be at most ${MAX_LIMIT}.`);
    if (req.OrderField !== undefined && req.OrderField !== 'CREATE_TIME') throw invalid('OrderField must be CREATE_TIME.');
    if (req.Order !== undefined && req.Order !== 'ASC' && req.Order !== 'DESC') throw invalid('Order must be ASC or DESC.');
    const matchers = (req.Filters ?? []).map((f) => this.filterMatcher(f));

    const ids = req.SnapshotIds === undefined ? undefined : new Set(req.SnapshotIds);
    const matched = [...this.snapshots.values()]
      .filter((s) => s.region === region && (ids === undefined || ids.has(s.snapshotId)))
      .filter((s) => matchers.every((m) => m(s)));
    const direction = req.Order === 'ASC' ? 1 : -1;
    matched.sort((a, b) => direction * (a.createMs - b.createMs || a.seq - b.seq));
    const offset = req.Offset ?? 0;
    return {
      TotalCount: matched.length,
      SnapshotSet: matched.slice(offset, offset + limit).map((s) => this.item(s, now)),
    };
  }

  /** One Filter: its Values are ORed; Filters are ANDed. */
  private filterMatcher(filter: CbsFilter): (s: StoredSnapshot) => boolean {
    const values = filter.Values;
    if (values.length === 0) throw new ApiError('InvalidFilter', `The filter \`${filter.Name}\` needs at least one value.`, 400);
    switch (filter.Name) {
      case 'snapshot-id':
        return (s) => values.includes(s.snapshotId);
      case 'disk-id':
        if (values.length > MAX_DISK_ID_VALUES) throw invalid(`The filter disk-id takes at most ${MAX_DISK_ID_VALUES} values.`);
        return (s) => values.includes(s.diskId);
      case 'snapshot-state':
        return (s) => values.includes(s.state);
      case 'snapshot-name':
        // Substring match: the document does not say exact, so a client must compare names itself.
        return (s) => values.some((v) => s.name.includes(v));
      case 'disk-usage':
        return () => values.includes('DATA_DISK');
      case 'project-id':
        return () => values.includes('0');
      case 'encrypt':
        return () => values.some((v) => v.toLowerCase() === 'false');
      case 'snapshot-type':
        return () => values.includes('PRIVATE_SNAPSHOT');
      default:
        throw new ApiError('InvalidFilter', `The filter \`${filter.Name}\` is not supported.`, 400);
    }
  }

  private item(s: StoredSnapshot, now: number): CbsSnapshotItem {
    let percent = 100;
    if (s.completesAtMs !== undefined) {
      const span = Math.max(1, s.completesAtMs - s.createMs);
      percent = Math.min(99, Math.max(0, Math.floor(((now - s.createMs) / span) * 100)));
    }
    return {
      SnapshotId: s.snapshotId,
      SnapshotName: s.name,
      SnapshotState: s.state,
      SnapshotType: 'PRIVATE_SNAPSHOT',
      DiskId: s.diskId,
      DiskSize: s.diskSize,
      DiskUsage: 'DATA_DISK',
      Percent: percent,
      CreateTime: apiTime(s.createMs),
      DeadlineTime: !s.isPermanent && s.deadlineMs !== undefined ? apiTime(s.deadlineMs) : '',
      IsPermanent: s.isPermanent,
      CopyFromRemote: s.copyFromRemote,
      CopyingToRegions: this.copyingToRegions(s),
      Encrypt: false,
      Placement: { Zone: `${s.region}-1`, ProjectId: 0 },
      ImageCount: 0,
      Images: [],
      ShareReference: 0,
      TimeStartShare: '',
      IsLocked: false,
      Tags: [],
    };
  }

  modifySnapshotAttribute(region: string, req: CbsModifyRequest): Record<string, never> {
    const now = this.settle();
    const snapshot = this.inRegion(region, req.SnapshotId);
    if (!snapshot) throw notFound(req.SnapshotId);
    if (req.SnapshotName !== undefined && ([...req.SnapshotName].length === 0 || [...req.SnapshotName].length > MAX_SNAPSHOT_NAME)) {
      throw invalid(`SnapshotName must be 1 to ${MAX_SNAPSHOT_NAME} characters.`);
    }
    let deadlineMs: number | undefined;
    if (req.Deadline !== undefined) {
      // "该参数仅在参数IsPermanent为False时生效": a deadline needs IsPermanent=false beside it.
      if (req.IsPermanent === undefined) throw missing('IsPermanent');
      if (req.IsPermanent) throw invalid('Deadline can only be set with IsPermanent=false.');
      deadlineMs = parseApiTime(req.Deadline);
      if (deadlineMs === undefined) throw invalid(`Deadline \`${req.Deadline}\` is not an ISO 8601 time.`);
      if (deadlineMs <= now) throw invalid(`Deadline \`${req.Deadline}\` is not in the future.`);
    } else if (req.IsPermanent === false && snapshot.deadlineMs === undefined) {
      // A non-permanent snapshot without an expiry means nothing: the deadline must come with it.
      throw missing('Deadline');
    }
    if (snapshot.state === 'TORECYCLE') {
      throw new ApiError('InvalidSnapshot.NotSupported', `The snapshot \`${snapshot.snapshotId}\` is ${snapshot.state}.`, 400);
    }

    if (req.SnapshotName !== undefined) snapshot.name = req.SnapshotName;
    if (req.IsPermanent === true) {
      snapshot.isPermanent = true;
      delete snapshot.deadlineMs;
    } else if (deadlineMs !== undefined) {
      snapshot.isPermanent = false;
      snapshot.deadlineMs = wholeSecond(deadlineMs);
    }
    return {};
  }

  /** All or nothing, as documented: one snapshot that cannot go fails the whole call. */
  deleteSnapshots(region: string, req: CbsDeleteRequest): Record<string, never> {
    this.settle();
    if (req.SnapshotIds.length === 0) throw invalid('SnapshotIds must name at least one snapshot.');
    const targets: StoredSnapshot[] = [];
    for (const id of req.SnapshotIds) {
      const snapshot = this.inRegion(region, id);
      if (!snapshot) throw notFound(id);
      if (snapshot.state !== 'NORMAL') {
        throw new ApiError('InvalidSnapshot.NotSupported', `The snapshot \`${id}\` is ${snapshot.state}; only a NORMAL snapshot can be deleted.`, 400);
      }
      targets.push(snapshot);
    }
    for (const snapshot of targets) this.snapshots.delete(snapshot.snapshotId);
    return {};
  }

  view(): CloudStateView['cbs'] {
    this.settle();
    const iso = (ms: number): string => this.ctx.clock.iso(ms);
    const snapshots = [...this.snapshots.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((s) => ({
        snapshotId: s.snapshotId,
        region: s.region,
        diskId: s.diskId,
        name: s.name,
        state: s.state,
        diskSize: s.diskSize,
        createTime: iso(s.createMs),
        ...(s.completesAtMs !== undefined ? { completesAt: iso(s.completesAtMs) } : {}),
        isPermanent: s.isPermanent,
        ...(s.deadlineMs !== undefined ? { deadline: iso(s.deadlineMs) } : {}),
        copyFromRemote: s.copyFromRemote,
        ...(s.sourceSnapshotId !== undefined ? { sourceSnapshotId: s.sourceSnapshotId } : {}),
        ...(s.sourceRegion !== undefined ? { sourceRegion: s.sourceRegion } : {}),
        copyingToRegions: this.copyingToRegions(s),
      }));
    return { regions: [...this.regions], snapshots };
  }
}
