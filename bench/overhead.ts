/**
 * 2. Handler overhead per invocation, without the API's time. The local cloud runs in a process of
 * its own; in this one, each invocation's wall time less the time at least one HTTP request was open
 * (HttpTime) is what the handler itself took: parsing, policy, planning, signing, the answer and its
 * log lines (built, not printed).
 */
import { createHash } from 'node:crypto';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import type { Seed } from '../local-cloud/index';
import { startCloudProcess, type CloudProcess } from './cloud-process';
import { cbsSeed, ecsDisk, ecsId, ecsSeed, ecsSnapshotEvent, ensSeed, FC_TIMER, fcContext, loadHandler, progress, quietly, SCF_TIMER, scfContext, useLocalCloud, type Handler } from './fixtures';
import { HttpTime } from './http-time';
import { Markdown, mark, type Verdict } from './markdown';
import { fixed, mean, nsToMs, percentile } from './stats';

export const OVERHEAD_BUDGET_P99_MS = 2;
const MEASURED = 1000;
/** Invocations before the measured ones, so that the JIT has settled (a cold start is section 1). */
const WARMUP = 200;
/** Sweeps run against this seed, restored before each: 5 new sources and 15 already copied. */
const SWEEP_SHAPE = { sources: 20, copied: 15 };
/**
 * Thousands of copy calls within seconds: the services' limits are lifted so that no invocation
 * waits on throttling (a backoff sleep would read as overhead). Section 3 keeps the limits.
 */
const NO_LIMITS = { 'ecs.CopySnapshot': { limit: 1_000_000, windowSeconds: 1 }, 'cbs.CopySnapshotCrossRegions': { limit: 1_000_000, windowSeconds: 1 } };

interface Series {
  label: string;
  overheadMs: number[];
  /** Garbage-collection pauses inside each invocation. */
  gcMs: number[];
  /** The fixed CPU-only task, timed after each invocation. */
  jitterMs: number[];
  apiMs: number[];
  requests: number;
  throttled: number;
  notOk: number;
}

/** GC pauses as V8 reports them, to attribute to the invocations they fell in. */
class GcPauses {
  private readonly pauses: Array<{ start: number; duration: number }> = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.pauses.push({ start: e.startTime, duration: e.duration });
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Pause time inside [from, to] (performance.now() times); entries arrive a tick late, so ask after the run. */
  within(from: number, to: number): number {
    return this.pauses.filter((p) => p.start >= from && p.start <= to).reduce((sum, p) => sum + p.duration, 0);
  }

  stop(): void {
    this.observer.disconnect();
  }
}

/** The machine's own jitter: a fixed piece of synchronous work (no I/O, little garbage), about 1 ms here. */
const JITTER_HASHES = 300;

function jitterSample(): number {
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < JITTER_HASHES; k += 1) createHash('sha256').update(`round ${k}`).digest();
  return nsToMs(process.hrtime.bigint() - t0);
}

async function measure(label: string, cloud: CloudProcess, before: () => Promise<void>, invoke: (i: number) => Promise<{ ok?: boolean }>): Promise<Series> {
  const timer = new HttpTime();
  const uninstall = timer.install();
  const gc = new GcPauses();
  const windows: Array<[number, number]> = [];
  const series: Series = { label, overheadMs: [], gcMs: [], jitterMs: [], apiMs: [], requests: 0, throttled: 0, notOk: 0 };
  const throttled0 = await cloud.throttled();
  try {
    await quietly(async () => {
      for (let i = 0; i < WARMUP + MEASURED; i++) {
        await before();
        const http0 = timer.totalNs();
        const requests0 = timer.requests;
        const from = performance.now();
        const t0 = process.hrtime.bigint();
        const answer = await invoke(i);
        const wall = process.hrtime.bigint() - t0;
        const to = performance.now();
        const api = timer.totalNs() - http0;
        if (i < WARMUP) continue;
        series.overheadMs.push(nsToMs(wall - api));
        windows.push([from, to]);
        series.jitterMs.push(jitterSample());
        series.apiMs.push(nsToMs(api));
        series.requests += timer.requests - requests0;
        if (answer.ok !== true) series.notOk += 1;
      }
    });
    // Let the observer deliver the last entries.
    await new Promise((resolve) => setImmediate(resolve));
    series.gcMs = windows.map(([from, to]) => gc.within(from, to));
  } finally {
    uninstall();
    gc.stop();
  }
  series.throttled = (await cloud.throttled()) - throttled0;
  return series;
}

export interface OverheadResult {
  section: Markdown;
  verdicts: Verdict[];
}

export async function measureOverhead(): Promise<OverheadResult> {
  const cloud = await startCloudProcess();
  const series: Series[] = [];
  try {
    useLocalCloud(cloud);
    const reset = async (seed: Seed): Promise<void> => {
      await cloud.reset(seed);
      await cloud.setRateLimits(NO_LIMITS);
    };
    const ecs = loadHandler('ecs-replicator');

    progress(`overhead: ${WARMUP} + ${MEASURED} ECS events`);
    // One event per new snapshot: each lists its source and both destinations and makes two copies.
    await reset(ecsSeed({ sources: WARMUP + MEASURED, copied: 0 }));
    series.push(await measure('ECS snapshot event (2 copies)', cloud, async () => undefined, (i) => ecs(ecsSnapshotEvent(ecsId(i), ecsDisk(i)), fcContext())));

    const sweeps: Array<[string, Handler, Seed, unknown, () => unknown]> = [
      ['ECS timer sweep', ecs, ecsSeed(SWEEP_SHAPE), FC_TIMER, () => fcContext()],
      ['ENS timer sweep', loadHandler('ens-replicator'), ensSeed(SWEEP_SHAPE), FC_TIMER, () => fcContext()],
      ['CBS timer sweep', loadHandler('cbs-replicator'), cbsSeed(SWEEP_SHAPE), SCF_TIMER, () => scfContext()],
    ];
    for (const [label, handler, seed, event, context] of sweeps) {
      progress(`overhead: ${WARMUP} + ${MEASURED} runs of ${label}`);
      series.push(await measure(label, cloud, () => reset(seed), () => handler(event, context())));
    }
  } finally {
    await cloud.close();
  }

  const section = new Markdown().heading(2, '2. Handler overhead per invocation');
  section.paragraph(
    `Each function's bundle is loaded with \`require\` and invoked ${MEASURED} times, after ${WARMUP} warm-up invocations that are not counted, against the local cloud running in a separate process.`,
    'Overhead = the invocation\'s wall time less the time during which at least one HTTP request was open, from `http.request()` to the end of its response (`bench/http-time.ts` wraps `http.request`/`https.request` for the bench only).',
    'It covers event parsing, policy loading and validation, planning, request signing, the answer and its JSON log lines (built and redacted; printing them is left out).',
    `Events: one per new snapshot, each listing its source region by id and both destinations by disk, and starting two copies. Sweeps: the seed is restored before each run (${SWEEP_SHAPE.sources} sources, ${SWEEP_SHAPE.copied} already copied to both destinations), so every sweep lists three regions, starts the copies of ${SWEEP_SHAPE.sources - SWEEP_SHAPE.copied} sources and finds the rest (CBS then sets a deadline on each new copy).`,
    'The services\' rate limits are lifted for this section only, so no invocation waits on throttling or pacing.',
    `GC pauses are V8's own \`gc\` performance entries that fell inside an invocation. The CPU task is a fixed piece of synchronous work (${JITTER_HASHES} SHA-256 hashes, no I/O) timed after each invocation: its spread is the machine's own jitter during the same runs.`,
  );
  const lessGc = (s: Series): number[] => s.overheadMs.map((ms, i) => ms - (s.gcMs[i] ?? 0));
  section.table(
    ['invocation', 'runs', 'overhead p50', 'overhead p99', 'overhead max', 'p99 less GC pauses', 'runs with a GC pause', 'CPU task p50 / p99', 'API time mean', 'HTTP requests per run', 'throttled', 'not ok'],
    series.map((s) => [
      s.label, s.overheadMs.length, `${fixed(percentile(s.overheadMs, 50), 2)} ms`, `${fixed(percentile(s.overheadMs, 99), 2)} ms`, `${fixed(Math.max(...s.overheadMs), 2)} ms`,
      `${fixed(percentile(lessGc(s), 99), 2)} ms`, s.gcMs.filter((g) => g > 0).length, `${fixed(percentile(s.jitterMs, 50), 2)} / ${fixed(percentile(s.jitterMs, 99), 2)} ms`,
      `${fixed(mean(s.apiMs), 2)} ms`, fixed(s.requests / s.overheadMs.length, 1), s.throttled, s.notOk,
    ]),
  );
  const verdicts = series.map((s): Verdict => {
    const p99 = percentile(s.overheadMs, 99);
    return { what: `overhead p99, ${s.label}`, figure: `${fixed(p99, 2)} ms (p50 ${fixed(percentile(s.overheadMs, 50), 2)} ms)`, budget: `< ${OVERHEAD_BUDGET_P99_MS} ms`, met: p99 < OVERHEAD_BUDGET_P99_MS && s.notOk === 0 && s.throttled === 0 };
  });
  section.paragraph(verdicts.map((v) => `- ${v.what}: ${v.figure}, budget ${v.budget}: ${mark(v.met)}.`).join('\n'));
  if (verdicts.some((v) => !v.met)) {
    const perRequest = series.map((s) => `${s.label} ${fixed(percentile(s.overheadMs, 50) / (s.requests / s.overheadMs.length), 2)} ms`);
    section.paragraph(
      '**Why the p99 budget is not met:** what is left is mostly work done once per API request before it is sent and after it is answered, inside the SDKs: request signing (HMAC), parameter encoding, building the request (node-fetch\'s `Headers` on CBS), and reading the answer into the driver\'s records.',
      `It grows with the number of requests an invocation makes (5 for the event, 8 to 18 for these sweeps); p50 overhead divided by the requests made: ${perRequest.join(', ')}.`,
      'Above the median, GC pauses explain little (compare p99 with and without them); the rest is the varying cost of the requests and waiting for a core, which the CPU task\'s own p99 shows for the same runs.',
      'Fixed per-invocation costs were cut where behaviour stays the same: the policy is checked once per text rather than once per invocation (its template checks alone took about 1 ms), templates without `{sourceName}` no longer sanitise the sample names, and pop-core\'s answers go through `JSON.parse` rather than json-bigint\'s JavaScript parser when that cannot change the result.',
    );
  }
  return { section, verdicts };
}
