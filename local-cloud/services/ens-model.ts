import type { CloudStateView, EnsDiskSeed, EnsSeed, EnsSnapshotSeed, TimingSeed, VariantsSeed } from '../seed';
import type { ServiceContext } from '../service';
import { EnsErrors } from './ens-errors';

/**
 * The ENS (2017-11-10) state and rules: edge nodes, disks and snapshots, on typed requests and
 * records: no HTTP, no wire names (ens-wire.ts parses, ens-render.ts answers). Statuses settle lazily
 * against the emulated clock: nothing runs in the background.
 *
 * The rules are written from the API documents on their own, apart from the project's client-side
 * validation, so they can catch it out.
 */

export type EnsStatus = 'creating' | 'available' | 'deleting' | 'error';
const STATUSES: ReadonlySet<string> = new Set<EnsStatus>(['creating', 'available', 'deleting', 'error']);

/** Most ids one list parameter (SnapshotId, EnsRegionIds, DestinationRegionIds) may carry. */
const MAX_LIST = 100;
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 10;
const DEFAULT_DISK_CATEGORY = 'cloud_efficiency';

/** A snapshot as the model keeps it. Times are epoch milliseconds of the emulated clock. */
export interface EnsSnapshotRecord {
  snapshotId: string;
  ensRegionId: string;
  diskId?: string;
  name?: string;
  description?: string;
  status: EnsStatus;
  creationMs: number;
  /** MiB */
  size?: number;
  /** Of the disk the snapshot was taken of (a copy keeps its source's). */
  diskType: 'system' | 'data';
  diskCategory: string;
  /** Lineage, set on copies. */
  sourceSnapshotId?: string;
  sourceRegion?: string;
}

interface StoredSnapshot extends EnsSnapshotRecord {
  /** When a `creating` snapshot settles. */
  completesAtMs?: number;
  /** Set on a copy drawn to fail (copyFailRate): it ends `error` instead of `available`. */
  failsAtEnd?: boolean;
}

export interface EnsCopyRequest {
  snapshotId: string;
  destinationRegionIds: string[];
  name?: string;
  description?: string;
}

/** Nodes with a copy started (and its id), nodes without one; `partial` when any node has none. */
export interface EnsCopyResult {
  allocated: Array<{ ensRegionId: string; snapshotIds: string[] }>;
  unallocated: string[];
  partial: boolean;
}

export interface EnsCreateRequest {
  diskId: string;
  ensRegionId: string;
  name?: string;
  description?: string;
}

export interface EnsCreateResult {
  snapshotId: string;
  orderId: string;
}

export interface EnsDescribeRequest {
  ensRegionId?: string;
  ensRegionIds?: string[];
  snapshotIds?: string[];
  diskId?: string;
  name?: string;
  /** Numbers as sent; NaN when the text was not a number. */
  pageNumber?: number;
  pageSize?: number;
}

export interface EnsSnapshotPage {
  snapshots: EnsSnapshotRecord[];
  pageNumber: number;
  pageSize: number;
  totalCount: number;
}

export interface EnsModifyRequest {
  snapshotId: string;
  name?: string;
  description?: string;
}

/** What the seed's variants change in the model (the rest of them change only the answers). */
export interface EnsOptions {
  timing: Required<TimingSeed>;
  idPrefix: Required<VariantsSeed>['ensSnapshotIdPrefix'];
  snapshotNotFound: Required<VariantsSeed>['ensSnapshotNotFound'];
}

function chars(text: string): number {
  return [...text].length;
}

const URL_START = /^https?:\/\//i;

/** CopySnapshot's destination name: 2-128, starts with a letter or a Chinese character, not http(s)://. */
function copyNameProblem(name: string): string | undefined {
  if (chars(name) < 2 || chars(name) > 128) return 'It must be 2 to 128 characters long.';
  if (URL_START.test(name)) return 'It cannot start with http:// or https://.';
  if (!/^[A-Za-z\p{Script=Han}]/u.test(name)) return 'It must start with a letter or a Chinese character.';
  return undefined;
}

/** CreateSnapshot's name: 2-128, starts with a letter, then letters, digits, `:`, `_`, `-`. */
function createNameProblem(name: string): string | undefined {
  if (chars(name) < 2 || chars(name) > 128) return 'It must be 2 to 128 characters long.';
  if (URL_START.test(name)) return 'It cannot start with http:// or https://.';
  if (!/^[A-Za-z]/.test(name)) return 'It must start with a letter.';
  if (!/^[A-Za-z0-9:_-]+$/.test(name)) return 'It can contain only letters, digits, colons (:), underscores (_) and hyphens (-).';
  return undefined;
}

/**
 * ModifySnapshotAttribute's name: CreateSnapshot's rule, a Chinese character also allowed first, and
 * not starting with `auto` (kept for automatic snapshots).
 */
function renameProblem(name: string): string | undefined {
  if (chars(name) < 2 || chars(name) > 128) return 'It must be 2 to 128 characters long.';
  if (URL_START.test(name)) return 'It cannot start with http:// or https://.';
  if (name.startsWith('auto')) return 'It cannot start with auto.';
  if (!/^[A-Za-z\p{Script=Han}][\p{Script=Han}A-Za-z0-9:_-]*$/u.test(name)) {
    return 'It must start with a letter or a Chinese character and contain only letters, digits, colons (:), underscores (_) and hyphens (-).';
  }
  return undefined;
}

/** Descriptions of every action: 2-256, not http(s)://. */
function descriptionProblem(description: string): string | undefined {
  if (chars(description) < 2 || chars(description) > 256) return 'It must be 2 to 256 characters long.';
  if (URL_START.test(description)) return 'It cannot start with http:// or https://.';
  return undefined;
}

function parseSeedTime(value: string | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`ens: ${field} is not an ISO 8601 time: ${value}`);
  return ms;
}

/** Leaves out undefined fields, so the state answer shows only what is set. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The record a caller may see: the model's own bookkeeping left out. */
function record({ completesAtMs: _completes, failsAtEnd: _fails, ...s }: StoredSnapshot): EnsSnapshotRecord {
  return { ...s };
}

export class EnsModel {
  private regions: string[] = [];
  private disks = new Map<string, EnsDiskSeed>();
  /** Insertion order is the listing order, so pages are stable. */
  private snapshots = new Map<string, StoredSnapshot>();
  private options!: EnsOptions;
  private orders = 0;

  constructor(private readonly ctx: ServiceContext) {}

  reset(seed: EnsSeed | undefined, options: EnsOptions): void {
    this.options = options;
    this.orders = 0;
    this.regions = [...new Set(seed?.regions ?? [])];
    this.disks = new Map();
    this.snapshots = new Map();
    const now = this.ctx.clock.now();
    for (const disk of seed?.disks ?? []) {
      if (!this.regions.includes(disk.ensRegionId)) throw new Error(`ens: disk ${disk.diskId} is in unknown node ${disk.ensRegionId}`);
      if (disk.type !== undefined && disk.type !== 'system' && disk.type !== 'data') throw new Error(`ens: disk ${disk.diskId} has type ${String(disk.type)}, not system or data`);
      this.disks.set(disk.diskId, { ...disk });
    }
    for (const s of seed?.snapshots ?? []) {
      if (!s.snapshotId) throw new Error('ens: every snapshot needs a snapshotId');
      if (this.snapshots.has(s.snapshotId)) throw new Error(`ens: duplicate snapshot ${s.snapshotId}`);
      if (!this.regions.includes(s.ensRegionId)) throw new Error(`ens: snapshot ${s.snapshotId} is in unknown node ${s.ensRegionId}`);
      const status = s.status ?? 'available';
      if (!STATUSES.has(status)) throw new Error(`ens: snapshot ${s.snapshotId} has unknown status ${status}`);
      const creationMs = parseSeedTime(s.creationTime, 'creationTime', now);
      const seconds = s.sourceSnapshotId ? options.timing.ensCopySeconds : options.timing.ensCreateSeconds;
      const disk = s.diskId === undefined ? undefined : this.disks.get(s.diskId);
      this.snapshots.set(s.snapshotId, {
        snapshotId: s.snapshotId,
        ensRegionId: s.ensRegionId,
        diskId: s.diskId,
        name: s.name,
        description: s.description,
        size: s.size,
        diskType: disk?.type ?? 'data',
        diskCategory: disk?.category ?? DEFAULT_DISK_CATEGORY,
        sourceSnapshotId: s.sourceSnapshotId,
        sourceRegion: s.sourceRegion,
        status: status as EnsStatus,
        creationMs,
        ...(status === 'creating' ? { completesAtMs: parseSeedTime(s.completesAt, 'completesAt', creationMs + seconds * 1000) } : {}),
      });
    }
  }

  view(): CloudStateView['ens'] {
    return {
      regions: [...this.regions],
      disks: [...this.disks.values()].map((d) => ({ ...d })),
      snapshots: this.all().map((s) => this.toSeed(s)),
    };
  }

  copySnapshot(req: EnsCopyRequest): EnsCopyResult {
    const source = this.snapshots.get(req.snapshotId);
    if (!source) throw EnsErrors.invalid('SnapshotId', `The snapshot ${req.snapshotId} does not exist.`, '.NotFound');
    this.settle(source);
    if (source.status !== 'available') {
      throw EnsErrors.invalid('SnapshotId', `The snapshot ${req.snapshotId} is ${source.status}, not available.`, '.NotReady');
    }
    const destinations = req.destinationRegionIds;
    if (destinations.length === 0) throw EnsErrors.invalid('DestinationRegionIds', 'At least one destination node is required.');
    if (destinations.length > MAX_LIST) throw EnsErrors.invalid('DestinationRegionIds', `At most ${MAX_LIST} nodes are allowed.`);
    if (new Set(destinations).size !== destinations.length) throw EnsErrors.invalid('DestinationRegionIds', 'A node is listed twice.');
    for (const node of destinations) {
      if (!this.regions.includes(node)) throw EnsErrors.invalid('DestinationRegionIds', `The node ${node} does not exist.`, '.NotFound');
      if (node === source.ensRegionId) throw EnsErrors.invalid('DestinationRegionIds', `The node ${node} holds the source snapshot.`, '.SameAsSource');
    }
    if (req.name !== undefined) {
      const problem = copyNameProblem(req.name);
      if (problem) throw EnsErrors.invalid('DestinationSnapshotName', problem);
    }
    if (req.description !== undefined) {
      const problem = descriptionProblem(req.description);
      if (problem) throw EnsErrors.invalid('DestinationSnapshotDescription', problem);
    }

    const result: EnsCopyResult = { allocated: [], unallocated: [], partial: false };
    const now = this.ctx.clock.now();
    for (const node of destinations) {
      if (this.ctx.faults.drawPartialFailure()) {
        result.unallocated.push(node);
        continue;
      }
      const id = this.ctx.ids.next(this.options.idPrefix);
      this.snapshots.set(id, {
        snapshotId: id,
        ensRegionId: node,
        diskId: source.diskId,
        name: req.name,
        description: req.description,
        status: 'creating',
        creationMs: now,
        completesAtMs: now + this.options.timing.ensCopySeconds * 1000,
        size: source.size,
        diskType: source.diskType,
        diskCategory: source.diskCategory,
        sourceSnapshotId: source.snapshotId,
        sourceRegion: source.ensRegionId,
        ...(this.ctx.faults.drawCopyFailure() ? { failsAtEnd: true } : {}),
      });
      result.allocated.push({ ensRegionId: node, snapshotIds: [id] });
    }
    // When every node fails the call still succeeds, every node unallocated: the caller retries
    // exactly those nodes, the same path as a partial failure.
    result.partial = result.unallocated.length > 0;
    return result;
  }

  createSnapshot(req: EnsCreateRequest): EnsCreateResult {
    if (!this.regions.includes(req.ensRegionId)) throw EnsErrors.invalidParameter('EnsRegionId', `The node ${req.ensRegionId} does not exist.`);
    const disk = this.disks.get(req.diskId);
    if (!disk || disk.ensRegionId !== req.ensRegionId) {
      throw EnsErrors.invalidParameter('DiskId', `The disk ${req.diskId} does not exist in node ${req.ensRegionId}.`);
    }
    if (req.name !== undefined) {
      const problem = createNameProblem(req.name);
      if (problem) throw EnsErrors.invalidParameter('SnapshotName', problem);
    }
    if (req.description !== undefined) {
      const problem = descriptionProblem(req.description);
      if (problem) throw EnsErrors.invalidParameter('Description', problem);
    }
    const now = this.ctx.clock.now();
    const id = this.ctx.ids.next(this.options.idPrefix);
    this.snapshots.set(id, {
      snapshotId: id,
      ensRegionId: req.ensRegionId,
      diskId: disk.diskId,
      name: req.name,
      description: req.description,
      status: 'creating',
      creationMs: now,
      completesAtMs: now + this.options.timing.ensCreateSeconds * 1000,
      size: disk.size,
      diskType: disk.type ?? 'data',
      diskCategory: disk.category ?? DEFAULT_DISK_CATEGORY,
    });
    this.orders += 1;
    // Order ids are long decimal numbers in the API.
    return { snapshotId: id, orderId: String(219_691_835_470_000 + this.orders) };
  }

  /** No status filter: the request model has none (docs/api-facts.md § "ENS DescribeSnapshots"). */
  describeSnapshots(req: EnsDescribeRequest): EnsSnapshotPage {
    const pageNumber = req.pageNumber ?? 1;
    const pageSize = req.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageNumber) || pageNumber < 1) throw EnsErrors.invalidParameter('PageNumber', 'It must be an integer from 1.');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw EnsErrors.invalidParameter('PageSize', `It must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
    }
    if (req.snapshotIds && req.snapshotIds.length > MAX_LIST) throw EnsErrors.invalidParameter('SnapshotId', `At most ${MAX_LIST} ids are allowed.`);
    if (req.ensRegionIds && (req.ensRegionIds.length < 1 || req.ensRegionIds.length > MAX_LIST)) {
      throw EnsErrors.invalidParameter('EnsRegionIds', `It must list 1 to ${MAX_LIST} nodes.`);
    }
    const ids = req.snapshotIds ? new Set(req.snapshotIds) : undefined;
    const nodes = req.ensRegionIds ? new Set(req.ensRegionIds) : undefined;
    const matching = this.all().filter(
      (s) =>
        (req.ensRegionId === undefined || s.ensRegionId === req.ensRegionId) &&
        (nodes === undefined || nodes.has(s.ensRegionId)) &&
        (ids === undefined || ids.has(s.snapshotId)) &&
        (req.diskId === undefined || s.diskId === req.diskId) &&
        (req.name === undefined || s.name === req.name),
    );
    const start = (pageNumber - 1) * pageSize;
    return { snapshots: matching.slice(start, start + pageSize).map(record), pageNumber, pageSize, totalCount: matching.length };
  }

  /**
   * Deletes one snapshot at once. Refused while a copy of it, or the snapshot as a copy, is still
   * being made (ERROR_SNAPSHOT_COPY_IN_PROGRESS), and while a snapshot is being taken or deleted
   * (DISK_SNAPSHOT_STATUS_NOT_MATCH); docs/api-facts.md § "ENS DeleteSnapshot".
   */
  deleteSnapshot(snapshotId: string): void {
    const snapshot = this.snapshots.get(snapshotId);
    if (!snapshot) throw EnsErrors.snapshotNotFound(this.options.snapshotNotFound, snapshotId);
    const list = this.all();
    const copying = (s: StoredSnapshot): boolean => s.status === 'creating' && s.sourceSnapshotId !== undefined;
    if (copying(snapshot) || list.some((s) => copying(s) && s.sourceSnapshotId === snapshotId)) throw EnsErrors.copyInProgress(snapshotId);
    if (snapshot.status === 'creating' || snapshot.status === 'deleting') throw EnsErrors.statusNotMatch(snapshotId, snapshot.status);
    this.snapshots.delete(snapshotId);
  }

  /** Renames a snapshot or changes its description. */
  modifySnapshotAttribute(req: EnsModifyRequest): void {
    if (req.name !== undefined) {
      const problem = renameProblem(req.name);
      if (problem) throw EnsErrors.invalidParameter('SnapshotName', problem);
    }
    if (req.description !== undefined) {
      const problem = descriptionProblem(req.description);
      if (problem) throw EnsErrors.invalidParameter('Description', problem);
    }
    const snapshot = this.snapshots.get(req.snapshotId);
    if (!snapshot) throw EnsErrors.modifyNotFound();
    if (req.name !== undefined) snapshot.name = req.name;
    if (req.description !== undefined) snapshot.description = req.description;
  }

  /** Every snapshot, statuses settled to the current emulated time. */
  private all(): StoredSnapshot[] {
    const list = [...this.snapshots.values()];
    for (const s of list) this.settle(s);
    return list;
  }

  private settle(s: StoredSnapshot): void {
    if (s.status === 'creating' && s.completesAtMs !== undefined && this.ctx.clock.now() >= s.completesAtMs) {
      s.status = s.failsAtEnd ? 'error' : 'available';
      delete s.completesAtMs;
      delete s.failsAtEnd;
    }
  }

  private toSeed(s: StoredSnapshot): EnsSnapshotSeed {
    return compact({
      snapshotId: s.snapshotId,
      ensRegionId: s.ensRegionId,
      diskId: s.diskId,
      name: s.name,
      description: s.description,
      status: s.status,
      creationTime: this.ctx.clock.iso(s.creationMs),
      completesAt: s.completesAtMs !== undefined ? this.ctx.clock.iso(s.completesAtMs) : undefined,
      size: s.size,
      sourceSnapshotId: s.sourceSnapshotId,
      sourceRegion: s.sourceRegion,
    });
  }
}
