/**
 * What the measurements share: the built bundles loaded the way the platforms load them, the local
 * cloud's seeds and policies, the FC and SCF contexts, and quiet handler logs.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Seed } from '../local-cloud/index';
import type { Answer } from '../shared/contracts/results';
import { pointHandlersAt } from '../test/support/handler-env';

export const ROOT = resolve(import.meta.dirname, '..');
export const FUNCTIONS = ['ecs-replicator', 'ens-replicator', 'cbs-replicator'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export type Handler = (event: unknown, context?: unknown) => Promise<Answer>;

const require = createRequire(import.meta.url);

export function bundlePath(name: FunctionName): string {
  return resolve(ROOT, 'dist', name, 'index.js');
}

/** A plain require of dist/<name>/index.js, as FC and SCF load a function. */
export function loadHandler(name: FunctionName): Handler {
  const mod = require(bundlePath(name)) as Record<string, Handler | undefined>;
  const fn = mod.handler ?? mod.main_handler;
  if (!fn) throw new Error(`${name} exports no handler`);
  return fn;
}

/** The role credentials the functions run with (FC hands them in the context, SCF in the environment). */
export const KEYS = {
  aliyun: { accessKeyId: 'STS.benchkey', accessKeySecret: 'bench-aliyun-secret', securityToken: 'bench-aliyun-token' },
  tencent: { secretId: 'AKIDbenchkey', secretKey: 'bench-tencent-secret', sessionToken: 'bench-tencent-token' },
} as const;

export const CREDENTIALS: NonNullable<Seed['credentials']> = { aliyun: [{ ...KEYS.aliyun }], tencent: [{ ...KEYS.tencent }] };

const REGIONS = {
  ecs: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
  ens: ['cn-hangzhou-26', 'cn-chengdu-26', 'cn-shenzhen-3'],
  cbs: ['ap-guangzhou', 'ap-shanghai', 'ap-beijing'],
} as const;

/** One rule per cloud: the first region is the source, the other two the destinations. */
const POLICY = {
  rules: [
    { name: 'dr', cloud: 'aliyun-ecs', sourceRegions: [REGIONS.ecs[0]], destinations: [{ region: REGIONS.ecs[1], retentionDays: 30 }, { region: REGIONS.ecs[2], retentionDays: 7 }] },
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: [REGIONS.ens[0]], destinations: [{ region: REGIONS.ens[1], retentionDays: 14 }, { region: REGIONS.ens[2], retentionDays: 14 }] },
    { name: 'cbs-dr', cloud: 'tencent-cbs', sourceRegions: [REGIONS.cbs[0]], destinations: [{ region: REGIONS.cbs[1], retentionDays: 30 }, { region: REGIONS.cbs[2], retentionDays: 7 }] },
  ],
};

/** Points the handlers at the local cloud with the role credentials of each platform. */
export function useLocalCloud(cloud: { url: string }, options: { rpoHours?: number } = {}): void {
  delete process.env.API_TIMEOUT_MS;
  const policy = options.rpoHours === undefined ? POLICY : { rules: POLICY.rules.map((r) => ({ ...r, rpoHours: options.rpoHours })) };
  pointHandlersAt(cloud.url, KEYS, policy);
}

/** An FC 3.0 context with the role's temporary credentials; `timeoutSeconds` sets the time budget. */
export function fcContext(timeoutSeconds = 60): Record<string, unknown> {
  return {
    requestId: 'bench-fc',
    credentials: { ...KEYS.aliyun },
    function: { name: 'snapshot-replicator-bench', handler: 'index.handler', memory: 256, timeout: timeoutSeconds },
    region: REGIONS.ecs[0],
  };
}

export function scfContext(timeLimitMs = 60_000): Record<string, unknown> {
  return { request_id: 'bench-scf', time_limit_in_ms: timeLimitMs, function_name: 'snapshot-replicator-bench' };
}

export const FC_TIMER = Buffer.from(JSON.stringify({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' }));
export const SCF_TIMER = { Type: 'Timer', TriggerName: 'sweep', Time: '2026-11-22T10:30:00Z', Message: '' };

/** The EventBridge CloudEvent FC receives when an ECS snapshot is finished. */
export function ecsSnapshotEvent(snapshotId: string, diskId: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      id: `evt-${snapshotId}`,
      source: 'acs.ecs',
      specversion: '1.0',
      type: 'ecs:Snapshot:CreateSnapshotCompleted',
      subject: `acs:ecs:${REGIONS.ecs[0]}:1234567890:snapshot/${snapshotId}`,
      time: new Date().toISOString(),
      datacontenttype: 'application/json;charset=utf-8',
      aliyunaccountid: '1234567890',
      aliyunregionid: REGIONS.ecs[0],
      data: { result: 'accomplished', snapshotId, snapshotName: `db-${snapshotId}`, snapshotType: 'user', diskId, startTime: new Date().toISOString(), endTime: new Date().toISOString() },
    }),
  );
}

export interface SeedShape {
  /** Source snapshots in the source region, each on its own disk. */
  sources: number;
  /** The first `copied` sources already have a finished copy in both destinations. */
  copied: number;
}

const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

/** Sources a minute apart, newest first, all well inside every retention. */
function sourceTimes(i: number): string {
  return ago(60_000 * (i + 1));
}

export const ecsId = (i: number): string => `s-bench${String(i).padStart(6, '0')}`;
export const ecsDisk = (i: number): string => `d-bench${String(i).padStart(6, '0')}`;

export function ecsSeed(shape: SeedShape): Seed {
  const [source, ...destinations] = REGIONS.ecs;
  const snapshots: NonNullable<Seed['ecs']>['snapshots'] = [];
  for (let i = 0; i < shape.sources; i++) {
    snapshots.push({ snapshotId: ecsId(i), regionId: source, diskId: ecsDisk(i), name: `db-${i}`, status: 'accomplished', snapshotType: 'user', creationTime: sourceTimes(i) });
  }
  for (let i = 0; i < shape.copied; i++) {
    for (const [d, region] of destinations.entries()) {
      snapshots.push({
        snapshotId: `s-copy${d}x${String(i).padStart(6, '0')}`, regionId: region, diskId: ecsDisk(i), name: `srep:dr:${ecsId(i)}:${source}`,
        status: 'accomplished', snapshotType: 'copied', sourceSnapshotId: ecsId(i), sourceRegion: source, creationTime: sourceTimes(i),
      });
    }
  }
  return { credentials: CREDENTIALS, ecs: { regions: [...REGIONS.ecs], snapshots } };
}

export function cbsSeed(shape: SeedShape): Seed {
  const [source, ...destinations] = REGIONS.cbs;
  const id = (i: number): string => `snap-bench${String(i).padStart(6, '0')}`;
  const snapshots: NonNullable<Seed['cbs']>['snapshots'] = [];
  for (let i = 0; i < shape.sources; i++) {
    snapshots.push({ snapshotId: id(i), region: source, diskId: `disk-bench${i}`, name: `db-${i}`, state: 'NORMAL', diskSize: 50, createTime: sourceTimes(i) });
  }
  for (let i = 0; i < shape.copied; i++) {
    for (const [d, region] of destinations.entries()) {
      snapshots.push({
        snapshotId: `snap-copy${d}x${String(i).padStart(6, '0')}`, region, diskId: `disk-bench${i}`, name: `Copied ${id(i)} from ${source}`, state: 'NORMAL',
        diskSize: 50, createTime: sourceTimes(i), copyFromRemote: true, sourceSnapshotId: id(i), sourceRegion: source, isPermanent: false, deadline: ago(-7 * 86_400_000),
      });
    }
  }
  return { credentials: CREDENTIALS, cbs: { regions: [...REGIONS.cbs], snapshots } };
}

export function ensSeed(shape: SeedShape): Seed {
  const [source, ...destinations] = REGIONS.ens;
  const id = (i: number): string => `sp-bench${String(i).padStart(6, '0')}`;
  const disks: NonNullable<Seed['ens']>['disks'] = [];
  const snapshots: NonNullable<Seed['ens']>['snapshots'] = [];
  for (let i = 0; i < shape.sources; i++) {
    disks.push({ diskId: `d-edge${i}`, ensRegionId: source, size: 40 });
    snapshots.push({ snapshotId: id(i), ensRegionId: source, diskId: `d-edge${i}`, name: `edge-${i}`, status: 'available', creationTime: sourceTimes(i) });
  }
  for (let i = 0; i < shape.copied; i++) {
    for (const [d, region] of destinations.entries()) {
      snapshots.push({
        snapshotId: `sp-copy${d}x${String(i).padStart(6, '0')}`, ensRegionId: region, name: `srep:edge:${id(i)}:${source}`, status: 'available',
        creationTime: sourceTimes(i), sourceSnapshotId: id(i), sourceRegion: source,
      });
    }
  }
  return { credentials: CREDENTIALS, ens: { regions: [...REGIONS.ens], disks, snapshots } };
}

/** Runs `fn` with console output dropped: the handlers' JSON lines are still built, not printed. */
export async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const drop = (): void => undefined;
  Object.assign(console, { log: drop, info: drop, warn: drop, error: drop });
  try {
    return await fn();
  } finally {
    Object.assign(console, saved);
  }
}

/** The throttling answers of the two rate-limited services. */
export const THROTTLE_CODES = new Set(['Throttling.User', 'Throttling', 'RequestLimitExceeded']);

/** Progress on stderr, so RESULTS.md and stdout stay clean. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
