/**
 * One planning run in a fresh process (bundled and started by planning.ts): builds `n` snapshots of
 * plain data, plans them once, and prints one JSON line with the time and memory figures.
 * argv: <cloud: aliyun-ecs | tencent-cbs> <n>. Needs --expose-gc.
 */
import { GCProfiler } from 'node:v8';
import { LineageReader } from '../shared/engine/lineage';
import { planCopies } from '../shared/engine/plan';
import { parsePolicy } from '../shared/policy/load';
import type { Snapshot } from '../shared/contracts/snapshot';
export interface PlanningSample {
  cloud: string;
  n: number;
  ms: number;
  copies: number;
  decided: number;
  deadlines: number;
  /** Bytes: the heap holding the input (after a full GC), and right after planning (no GC between). */
  heapInput: number;
  heapAfterPlan: number;
  /** The most the heap held while planning (input included): before each GC, and at the end. */
  heapPeak: number;
  gcs: number;
  /** The plan itself: heap after a full GC with the plan still referenced, less the input. */
  planRetained: number;
  rssBeforePlan: number;
  /** Kernel high-water mark of the whole process (node, input and planning), bytes. */
  maxRss: number;
  rssBaseline: number;
}

const NOW = Date.parse('2026-11-22T12:00:00Z');
const REGIONS = { 'aliyun-ecs': ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'], 'tencent-cbs': ['ap-guangzhou', 'ap-shanghai', 'ap-beijing'] } as const;
type Cloud = keyof typeof REGIONS;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * n snapshots: n/2 sources in the source region, 5 per disk, created in groups of 50 per second
 * (automatic policies snapshot many disks at once), and n/2 finished copies: the older half of the
 * sources copied to both destinations. ECS copies say their source in fields, CBS copies in their name.
 */
function snapshots(cloud: Cloud, n: number): Snapshot[] {
  const [source, ...destinations] = REGIONS[cloud];
  const sources = Math.floor(n / 2);
  const disks = Math.max(1, Math.floor(sources / 5));
  const prefix = cloud === 'aliyun-ecs' ? 's-' : 'snap-';
  const out: Snapshot[] = [];
  for (let i = 0; i < sources; i++) {
    out.push({
      cloud, snapshotId: `${prefix}${i.toString(36).padStart(8, '0')}`, region: source, diskId: `d-${(i % disks).toString(36)}`, name: `db-${i}`,
      snapshotType: 'timer', tags: { backup: 'dr' }, readiness: 'ready', status: 'ready', createdAt: NOW - Math.floor(i / 50) * 60_000, isCopy: false,
    });
  }
  for (let i = sources - Math.floor((n - sources) / 2); i < sources; i++) {
    const src = out[i] as Snapshot;
    for (const [d, region] of destinations.entries()) {
      const copy: Snapshot = {
        cloud, snapshotId: `${prefix}c${d}${i.toString(36).padStart(7, '0')}`, region, diskId: src.diskId, tags: {}, readiness: 'ready', status: 'ready',
        createdAt: src.createdAt + 60_000, isCopy: true, sizeGb: 40,
        ...(cloud === 'aliyun-ecs'
          ? { snapshotType: 'copied', name: `srep:dr:${src.snapshotId}:${source}`, lineage: { sourceSnapshotId: src.snapshotId, sourceRegion: source } }
          : { name: `Copied ${src.snapshotId} from ${source}`, deadline: NOW + 86_400_000 }),
      };
      out.push(copy);
    }
  }
  return out;
}

const cloud = process.argv[2] as Cloud;
const n = Number(process.argv[3]);
if (!(cloud in REGIONS) || !Number.isInteger(n) || n < 2) throw new Error('usage: planning-child <aliyun-ecs|tencent-cbs> <n>');

const rssBaseline = process.memoryUsage.rss();
const [source, ...destinations] = REGIONS[cloud];
const { rules } = parsePolicy({
  rules: [{ name: 'dr', cloud, sourceRegions: [source], match: { tags: { backup: 'dr' } }, destinations: destinations.map((region) => ({ region, retentionDays: 7 })) }],
});
const input = snapshots(cloud, n);
gc();
const heapInput = process.memoryUsage().heapUsed;
const rssBeforePlan = process.memoryUsage.rss();
// Records the heap before and after every GC, so the peak between two samples is not missed.
const profiler = new GCProfiler();
profiler.start();
const t0 = process.hrtime.bigint();
const plan = planCopies({ rules, snapshots: input, lineage: new LineageReader(rules), nowMs: NOW, capabilities: { oneCopyPerDiskAndDestination: cloud === 'aliyun-ecs', retention: cloud === 'tencent-cbs' ? 'deadline' : 'copy-parameter' } });
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const after = process.memoryUsage();
const gcs = profiler.stop()?.statistics ?? [];
const heapPeak = Math.max(after.heapUsed, ...gcs.map((g) => g.beforeGC.heapStatistics.usedHeapSize));
gc();
const retained = process.memoryUsage().heapUsed;
const sample: PlanningSample = {
  cloud, n, ms, copies: plan.copies.length, decided: plan.decided.length, deadlines: plan.deadlines.length,
  heapInput, heapAfterPlan: after.heapUsed, heapPeak, gcs: gcs.length, planRetained: retained - heapInput,
  rssBeforePlan, maxRss: process.resourceUsage().maxRSS * 1024, rssBaseline,
};
process.stdout.write(`${JSON.stringify(sample)}\n`);
