import { ApiError } from '../api-error';
import type { CbsSeed, CbsSnapshotSeed, CloudStateView, TimingSeed } from '../seed';
import type { ServiceContext } from '../service';

/**
 * The CBS (2017-03-12) state and rules: regions and snapshots, on typed requests and records: no
 * HTTP, no wire names (cbs-wire.ts parses, cbs-render.ts answers). States settle lazily against the
 * emulated clock: nothing runs in the background.
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
  /** Set only for a snapshot that is not permanent. */
  deadlineMs?: number;
  copyFromRemote: boolean;
  sourceSnapshotId?: string;
  sourceRegion?: string;
  /** Set on a copy drawn to fail (copyFailRate): CBS has no failed state, so it disappears when it would finish. */
  failsAtEnd?: boolean;
}

export interface CbsCopyRequest {
  snapshotId: string;
  destinationRegions: string[];
  name?: string;
}

/** One destination of a copy call: a new copy, or this destination's error code and message. */
export type CbsCopyResult =
  | { destinationRegion: string; ok: true; snapshotId: string }
  | { destinationRegion: string; ok: false; code: string; message: string };

export interface CbsFilter {
  name: string;
  values: string[];
}

export interface CbsDescribeRequest {
  snapshotIds?: string[];
  filters?: CbsFilter[];
  offset?: number;
  limit?: number;
  order?: string;
  orderField?: string;
}

/** A snapshot as a listing shows it: the stored fields a listing names, and its progress. Times are epoch milliseconds. */
export interface CbsSnapshotRecord
  extends Pick<StoredSnapshot, 'snapshotId' | 'region' | 'diskId' | 'name' | 'state' | 'diskSize' | 'createMs' | 'deadlineMs' | 'isPermanent' | 'copyFromRemote'> {
  /** 0..100, by the clock while a copy runs. */
  percent: number;
  copyingToRegions: string[];
}

export interface CbsSnapshotPage {
  totalCount: number;
  snapshots: CbsSnapshotRecord[];
}

export interface CbsModifyRequest {
  snapshotId: string;
  name?: string;
  isPermanent?: boolean;
  /** The Deadline parameter read as a time; NaN when its text is not one the API takes. */
  deadlineMs?: number;
}

const invalid = (message: string): ApiError => new ApiError('InvalidParameterValue', message, 400);
const missing = (name: string): ApiError =>
  new ApiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`, 400);
const notFound = (id: string): ApiError =>
  new ApiError('InvalidSnapshotId.NotFound', `The snapshot \`${id}\` does not exist.`, 400);

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

  /**
   * Brings every snapshot up to the clock: finished work becomes NORMAL (a copy drawn to fail is gone
   * instead), expired snapshots are deleted.
   */
  private settle(): number {
    const now = this.ctx.clock.now();
    for (const s of [...this.snapshots.values()]) {
      if (s.completesAtMs !== undefined && s.completesAtMs <= now) {
        if (s.failsAtEnd) {
          this.snapshots.delete(s.snapshotId);
          continue;
        }
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
  copySnapshotCrossRegions(region: string | undefined, req: CbsCopyRequest): CbsCopyResult[] {
    const now = this.settle();
    if (req.destinationRegions.length === 0) throw invalid('DestinationRegions must name at least one region.');
    for (const destination of req.destinationRegions) {
      if (!this.hasRegion(destination)) throw invalid(`The destination region \`${destination}\` is not supported.`);
    }
    // An empty name is taken as no name: the default applies.
    const name = req.name === '' ? undefined : req.name;
    if (name !== undefined && [...name].length > MAX_SNAPSHOT_NAME) {
      throw invalid(`SnapshotName must be at most ${MAX_SNAPSHOT_NAME} characters.`);
    }
    const source = region === undefined ? this.snapshots.get(req.snapshotId) : this.inRegion(region, req.snapshotId);
    if (!source) throw notFound(req.snapshotId);
    if (source.state !== 'NORMAL') {
      throw new ApiError('InvalidSnapshot.NotSupported', `The snapshot \`${source.snapshotId}\` is ${source.state}; only a NORMAL snapshot can be copied.`, 400);
    }

    const results: CbsCopyResult[] = [];
    for (const destination of req.destinationRegions) {
      const fail = (code: string, message: string): void => {
        results.push({ destinationRegion: destination, ok: false, code, message });
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
          ...(this.ctx.faults.drawCopyFailure() ? { failsAtEnd: true } : {}),
        });
        results.push({ destinationRegion: destination, ok: true, snapshotId: copy.snapshotId });
      }
    }
    return results;
  }

  describeSnapshots(region: string, req: CbsDescribeRequest): CbsSnapshotPage {
    const now = this.settle();
    if (req.snapshotIds !== undefined && req.filters !== undefined) {
      throw invalid('SnapshotIds and Filters cannot be given together.');
    }
    const limit = req.limit ?? DEFAULT_LIMIT;
    if (limit > MAX_LIMIT) throw invalid(`Limit must be at most ${MAX_LIMIT}.`);
    if (req.orderField !== undefined && req.orderField !== 'CREATE_TIME') throw invalid('OrderField must be CREATE_TIME.');
    if (req.order !== undefined && req.order !== 'ASC' && req.order !== 'DESC') throw invalid('Order must be ASC or DESC.');
    const matchers = (req.filters ?? []).map((f) => this.filterMatcher(f));

    const ids = req.snapshotIds === undefined ? undefined : new Set(req.snapshotIds);
    const matched = [...this.snapshots.values()]
      .filter((s) => s.region === region && (ids === undefined || ids.has(s.snapshotId)))
      .filter((s) => matchers.every((m) => m(s)));
    const direction = req.order === 'ASC' ? 1 : -1;
    matched.sort((a, b) => direction * (a.createMs - b.createMs || a.seq - b.seq));
    const offset = req.offset ?? 0;
    return {
      totalCount: matched.length,
      snapshots: matched.slice(offset, offset + limit).map((s) => this.record(s, now)),
    };
  }

  /** One Filter: its Values are ORed; Filters are ANDed. */
  private filterMatcher(filter: CbsFilter): (s: StoredSnapshot) => boolean {
    const values = filter.values;
    if (values.length === 0) throw new ApiError('InvalidFilter', `The filter \`${filter.name}\` needs at least one value.`, 400);
    switch (filter.name) {
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
        throw new ApiError('InvalidFilter', `The filter \`${filter.name}\` is not supported.`, 400);
    }
  }

  private record(s: StoredSnapshot, now: number): CbsSnapshotRecord {
    let percent = 100;
    if (s.completesAtMs !== undefined) {
      const span = Math.max(1, s.completesAtMs - s.createMs);
      percent = Math.min(99, Math.max(0, Math.floor(((now - s.createMs) / span) * 100)));
    }
    return {
      snapshotId: s.snapshotId,
      region: s.region,
      diskId: s.diskId,
      name: s.name,
      state: s.state,
      diskSize: s.diskSize,
      percent,
      createMs: s.createMs,
      ...(!s.isPermanent && s.deadlineMs !== undefined ? { deadlineMs: s.deadlineMs } : {}),
      isPermanent: s.isPermanent,
      copyFromRemote: s.copyFromRemote,
      copyingToRegions: this.copyingToRegions(s),
    };
  }

  modifySnapshotAttribute(region: string, req: CbsModifyRequest): void {
    const now = this.settle();
    const snapshot = this.inRegion(region, req.snapshotId);
    if (!snapshot) throw notFound(req.snapshotId);
    if (req.name !== undefined && ([...req.name].length === 0 || [...req.name].length > MAX_SNAPSHOT_NAME)) {
      throw invalid(`SnapshotName must be 1 to ${MAX_SNAPSHOT_NAME} characters.`);
    }
    const deadlineMs = req.deadlineMs;
    if (deadlineMs !== undefined) {
      // "该参数仅在参数IsPermanent为False时生效": a deadline needs IsPermanent=false beside it.
      if (req.isPermanent === undefined) throw missing('IsPermanent');
      if (req.isPermanent) throw invalid('Deadline can only be set with IsPermanent=false.');
      if (Number.isNaN(deadlineMs)) throw invalid('Deadline is not an ISO 8601 time.');
      if (deadlineMs <= now) throw invalid(`Deadline ${new Date(deadlineMs).toISOString()} is not in the future.`);
    } else if (req.isPermanent === false && snapshot.deadlineMs === undefined) {
      // A non-permanent snapshot without an expiry means nothing: the deadline must come with it.
      throw missing('Deadline');
    }
    if (snapshot.state === 'TORECYCLE') {
      throw new ApiError('InvalidSnapshot.NotSupported', `The snapshot \`${snapshot.snapshotId}\` is ${snapshot.state}.`, 400);
    }

    if (req.name !== undefined) snapshot.name = req.name;
    if (req.isPermanent === true) {
      snapshot.isPermanent = true;
      delete snapshot.deadlineMs;
    } else if (deadlineMs !== undefined) {
      snapshot.isPermanent = false;
      snapshot.deadlineMs = wholeSecond(deadlineMs);
    }
  }

  /** All or nothing, as documented: one snapshot that cannot go fails the whole call. */
  deleteSnapshots(region: string, snapshotIds: readonly string[]): void {
    this.settle();
    if (snapshotIds.length === 0) throw invalid('SnapshotIds must name at least one snapshot.');
    const targets: StoredSnapshot[] = [];
    for (const id of snapshotIds) {
      const snapshot = this.inRegion(region, id);
      if (!snapshot) throw notFound(id);
      if (snapshot.state !== 'NORMAL') {
        throw new ApiError('InvalidSnapshot.NotSupported', `The snapshot \`${id}\` is ${snapshot.state}; only a NORMAL snapshot can be deleted.`, 400);
      }
      targets.push(snapshot);
    }
    for (const snapshot of targets) this.snapshots.delete(snapshot.snapshotId);
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
