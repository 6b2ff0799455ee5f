import { ApiError } from '../api-error';
import { DEFAULT_TIMING, type CloudStateView, type EnsDiskSeed, type EnsSeed, type EnsSnapshotSeed, type TimingSeed } from '../seed';
import type { ServiceContext } from '../service';

/**
 * The ENS (2017-11-10) state and rules: edge nodes, disks and snapshots, no HTTP.
 * Statuses settle lazily against the emulated clock: nothing runs in the background.
 *
 * Error codes follow the two families the API documents: `Invalid%s` ("The specified parameter %s is
 * invalid", CopySnapshot) and `InvalidParameter.%s` (CreateSnapshot). The rules are written from the
 * API documents on their own, apart from the project's client-side validation, so they can catch it out.
 */

type EnsStatus = 'creating' | 'available' | 'deleting' | 'error';
const STATUSES: ReadonlySet<string> = new Set<EnsStatus>(['creating', 'available', 'deleting', 'error']);

/** Most ids one list parameter (SnapshotId, EnsRegionIds, DestinationRegionIds) may carry. */
const MAX_LIST = 100;
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 10;

interface StoredSnapshot {
  snapshotId: string;
  ensRegionId: string;
  diskId?: string;
  name?: string;
  description?: string;
  status: EnsStatus;
  creationMs: number;
  /** When a `creating` snapshot becomes `available`. */
  completesAtMs?: number;
  size?: number;
  sourceSnapshotId?: string;
  sourceRegion?: string;
}

export interface EnsCopyRequest {
  snapshotId: string;
  destinationRegionIds: string[];
  name?: string;
  description?: string;
}

export type EnsCopyAnswer = {
  AllocationId: Array<{ EnsRegionId: string; InstanceId: string[] }>;
  UnAllocationId: Array<{ EnsRegionId: string }>;
  BizStatusCode: 'AllSuccess' | 'PartSuccess';
};

export interface EnsCreateRequest {
  diskId: string;
  ensRegionId: string;
  snapshotName?: string;
  description?: string;
}

/** `SnapShotId` with a capital S in the middle, as the API answers it. */
export type EnsCreateAnswer = { SnapShotId: string; OrderId: string };

export interface EnsDescribeRequest {
  ensRegionId?: string;
  ensRegionIds?: string[];
  snapshotIds?: string[];
  diskId?: string;
  snapshotName?: string;
  status?: string;
  pageNumber?: number;
  pageSize?: number;
}

/** One entry of DescribeSnapshots.Snapshots, with the documented field names (`Size` is a string there). */
export type EnsSnapshotItem = {
  SnapshotId: string;
  SnapshotName: string;
  Description: string;
  Status: string;
  EnsRegionId: string;
  SourceDiskId: string;
  CreationTime: string;
  Size?: string;
};

export type EnsDescribeAnswer = { Snapshots: EnsSnapshotItem[]; PageNumber: number; PageSize: number; TotalCount: number };

export interface EnsDeleteRequest {
  snapshotId: string;
  ensRegionId?: string;
}

/** `Invalid%s`: the documented generic code of CopySnapshot. */
function invalid(param: string, detail: string, suffix = ''): ApiError {
  return new ApiError(`Invalid${param}${suffix}`, `The specified parameter ${param} is invalid. ${detail}`, 400);
}

/** `InvalidParameter.%s`: the documented code family of CreateSnapshot. */
function invalidParameter(field: string, detail: string): ApiError {
  return new ApiError(`InvalidParameter.${field}`, `The specified field ${field} invalid. Please check it again. ${detail}`, 400);
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

/** Descriptions of both actions: 2-256, not http(s)://. */
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

export class EnsModel {
  private regions: string[] = [];
  private disks = new Map<string, EnsDiskSeed>();
  /** Insertion order is the listing order, so pages are stable. */
  private snapshots = new Map<string, StoredSnapshot>();
  private timing: Required<TimingSeed> = DEFAULT_TIMING;
  private orders = 0;

  constructor(private readonly ctx: ServiceContext) {}

  reset(seed: EnsSeed | undefined, timing: Required<TimingSeed>): void {
    this.timing = timing;
    this.orders = 0;
    this.regions = [...new Set(seed?.regions ?? [])];
    this.disks = new Map();
    this.snapshots = new Map();
    const now = this.ctx.clock.now();
    for (const disk of seed?.disks ?? []) {
      if (!this.regions.includes(disk.ensRegionId)) throw new Error(`ens: disk ${disk.diskId} is in unknown node ${disk.ensRegionId}`);
      this.disks.set(disk.diskId, { ...disk });
    }
    for (const s of seed?.snapshots ?? []) {
      if (!s.snapshotId) throw new Error('ens: every snapshot needs a snapshotId');
      if (this.snapshots.has(s.snapshotId)) throw new Error(`ens: duplicate snapshot ${s.snapshotId}`);
      if (!this.regions.includes(s.ensRegionId)) throw new Error(`ens: snapshot ${s.snapshotId} is in unknown node ${s.ensRegionId}`);
      const status = s.status ?? 'available';
      if (!STATUSES.has(status)) throw new Error(`ens: snapshot ${s.snapshotId} has unknown status ${status}`);
      const creationMs = parseSeedTime(s.creationTime, 'creationTime', now);
      const seconds = s.sourceSnapshotId ? timing.ensCopySeconds : timing.ensCreateSeconds;
      this.snapshots.set(s.snapshotId, {
        snapshotId: s.snapshotId,
        ensRegionId: s.ensRegionId,
        diskId: s.diskId,
        name: s.name,
        description: s.description,
        size: s.size,
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

  copySnapshot(req: EnsCopyRequest): EnsCopyAnswer {
    const source = this.snapshots.get(req.snapshotId);
    if (!source) throw invalid('SnapshotId', `The snapshot ${req.snapshotId} does not exist.`, '.NotFound');
    this.settle(source);
    if (source.status !== 'available') {
      throw invalid('SnapshotId', `The snapshot ${req.snapshotId} is ${source.status}, not available.`, '.NotReady');
    }
    const destinations = req.destinationRegionIds;
    if (destinations.length === 0) throw invalid('DestinationRegionIds', 'At least one destination node is required.');
    if (destinations.length > MAX_LIST) throw invalid('DestinationRegionIds', `At most ${MAX_LIST} nodes are allowed.`);
    if (new Set(destinations).size !== destinations.length) throw invalid('DestinationRegionIds', 'A node is listed twice.');
    for (const node of destinations) {
      if (!this.regions.includes(node)) throw invalid('DestinationRegionIds', `The node ${node} does not exist.`, '.NotFound');
      if (node === source.ensRegionId) throw invalid('DestinationRegionIds', `The node ${node} holds the source snapshot.`, '.SameAsSource');
    }
    if (req.name !== undefined) {
      const problem = copyNameProblem(req.name);
      if (problem) throw invalid('DestinationSnapshotName', problem);
    }
    if (req.description !== undefined) {
      const problem = descriptionProblem(req.description);
      if (problem) throw invalid('DestinationSnapshotDescription', problem);
    }

    const answer: EnsCopyAnswer = { AllocationId: [], UnAllocationId: [], BizStatusCode: 'AllSuccess' };
    const now = this.ctx.clock.now();
    for (const node of destinations) {
      if (this.ctx.faults.drawPartialFailure()) {
        answer.UnAllocationId.push({ EnsRegionId: node });
        continue;
      }
      const id = this.ctx.ids.next('sp-');
      this.snapshots.set(id, {
        snapshotId: id,
        ensRegionId: node,
        diskId: source.diskId,
        name: req.name,
        description: req.description,
        status: 'creating',
        creationMs: now,
        completesAtMs: now + this.timing.ensCopySeconds * 1000,
        size: source.size,
        sourceSnapshotId: source.snapshotId,
        sourceRegion: source.ensRegionId,
      });
      answer.AllocationId.push({ EnsRegionId: node, InstanceId: [id] });
    }
    // When every node fails the call still succeeds, with all of them in UnAllocationId and
    // PartSuccess: the caller retries exactly those nodes, the same path as a partial failure.
    if (answer.UnAllocationId.length > 0) answer.BizStatusCode = 'PartSuccess';
    return answer;
  }

  createSnapshot(req: EnsCreateRequest): EnsCreateAnswer {
    if (!this.regions.includes(req.ensRegionId)) throw invalidParameter('EnsRegionId', `The node ${req.ensRegionId} does not exist.`);
    const disk = this.disks.get(req.diskId);
    if (!disk || disk.ensRegionId !== req.ensRegionId) {
      throw invalidParameter('DiskId', `The disk ${req.diskId} does not exist in node ${req.ensRegionId}.`);
    }
    if (req.snapshotName !== undefined) {
      const problem = createNameProblem(req.snapshotName);
      if (problem) throw invalidParameter('SnapshotName', problem);
    }
    if (req.description !== undefined) {
      const problem = descriptionProblem(req.description);
      if (problem) throw invalidParameter('Description', problem);
    }
    const now = this.ctx.clock.now();
    const id = this.ctx.ids.next('sp-');
    this.snapshots.set(id, {
      snapshotId: id,
      ensRegionId: req.ensRegionId,
      diskId: disk.diskId,
      name: req.snapshotName,
      description: req.description,
      status: 'creating',
      creationMs: now,
      completesAtMs: now + this.timing.ensCreateSeconds * 1000,
      size: disk.size,
    });
    this.orders += 1;
    // Order ids are long decimal numbers in the API.
    return { SnapShotId: id, OrderId: String(219_691_835_470_000 + this.orders) };
  }

  describeSnapshots(req: EnsDescribeRequest): EnsDescribeAnswer {
    const pageNumber = req.pageNumber ?? 1;
    const pageSize = req.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageNumber) || pageNumber < 1) throw invalidParameter('PageNumber', 'It must be an integer from 1.');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw invalidParameter('PageSize', `It must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
    }
    if (req.snapshotIds && req.snapshotIds.length > MAX_LIST) throw invalidParameter('SnapshotId', `At most ${MAX_LIST} ids are allowed.`);
    if (req.ensRegionIds && (req.ensRegionIds.length < 1 || req.ensRegionIds.length > MAX_LIST)) {
      throw invalidParameter('EnsRegionIds', `It must list 1 to ${MAX_LIST} nodes.`);
    }
    if (req.status !== undefined && !STATUSES.has(req.status)) {
      throw invalidParameter('Status', 'It must be creating, available, deleting or error.');
    }
    const ids = req.snapshotIds ? new Set(req.snapshotIds) : undefined;
    const nodes = req.ensRegionIds ? new Set(req.ensRegionIds) : undefined;
    const matching = this.all().filter(
      (s) =>
        (req.ensRegionId === undefined || s.ensRegionId === req.ensRegionId) &&
        (nodes === undefined || nodes.has(s.ensRegionId)) &&
        (ids === undefined || ids.has(s.snapshotId)) &&
        (req.diskId === undefined || s.diskId === req.diskId) &&
        (req.snapshotName === undefined || s.name === req.snapshotName) &&
        (req.status === undefined || s.status === req.status),
    );
    const start = (pageNumber - 1) * pageSize;
    return {
      Snapshots: matching.slice(start, start + pageSize).map((s) => this.toItem(s)),
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: matching.length,
    };
  }

  deleteSnapshot(req: EnsDeleteRequest): Record<string, never> {
    const snapshot = this.snapshots.get(req.snapshotId);
    if (!snapshot || (req.ensRegionId !== undefined && snapshot.ensRegionId !== req.ensRegionId)) {
      throw invalid('SnapshotId', `The snapshot ${req.snapshotId} does not exist.`, '.NotFound');
    }
    // Deletion is immediate here: `deleting` would only add a state no caller waits on.
    this.snapshots.delete(req.snapshotId);
    return {};
  }

  /** Every snapshot, statuses settled to the current emulated time. */
  private all(): StoredSnapshot[] {
    const list = [...this.snapshots.values()];
    for (const s of list) this.settle(s);
    return list;
  }

  private settle(s: StoredSnapshot): void {
    if (s.status === 'creating' && s.completesAtMs !== undefined && this.ctx.clock.now() >= s.completesAtMs) {
      s.status = 'available';
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
      completesAt: s.status === 'creating' && s.completesAtMs !== undefined ? this.ctx.clock.iso(s.completesAtMs) : undefined,
      size: s.size,
      sourceSnapshotId: s.sourceSnapshotId,
      sourceRegion: s.sourceRegion,
    });
  }

  private toItem(s: StoredSnapshot): EnsSnapshotItem {
    return {
      SnapshotId: s.snapshotId,
      SnapshotName: s.name ?? '',
      Description: s.description ?? '',
      Status: s.status,
      EnsRegionId: s.ensRegionId,
      SourceDiskId: s.diskId ?? '',
      CreationTime: this.ctx.clock.iso(s.creationMs),
      ...(s.size !== undefined ? { Size: String(s.size) } : {}),
    };
  }
}
