/**
 * 4. Scaling of planning: planCopies over 1k, 10k and 100k snapshots of plain data (no server),
 * each run in a fresh node process (planning-child.ts, bundled as the functions are), 3 runs per size.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { progress, ROOT } from './fixtures';
import { Markdown, type Verdict } from './markdown';
import type { PlanningSample } from './planning-child';
import { count, fixed, mib } from './stats';

const PLANNING_BUDGET = { ms: 1000, bytes: 150 * 1048576 };
/** Linear growth, with room for GC: time and peak heap at most this many times over per tenfold. */
const GROWTH_PER_TENFOLD = 12;
const SIZES = [1_000, 10_000, 100_000];
const CLOUDS = ['aliyun-ecs', 'tencent-cbs'] as const;
const RUNS = 3;

function runChild(script: string, cloud: string, n: number): PlanningSample {
  const out = execFileSync(process.execPath, ['--expose-gc', script, cloud, String(n)], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return JSON.parse(out) as PlanningSample;
}

/** The run with the median time, so its memory figures belong to one real run. */
function medianRun(samples: PlanningSample[]): PlanningSample {
  return [...samples].sort((a, b) => a.ms - b.ms)[Math.floor(samples.length / 2)] as PlanningSample;
}

export interface PlanningResult {
  section: Markdown;
  verdicts: Verdict[];
}

export async function measurePlanning(): Promise<PlanningResult> {
  const dir = mkdtempSync(join(tmpdir(), 'srep-bench-plan-'));
  try {
    const script = join(dir, 'planning-child.cjs');
    await build({ entryPoints: [resolve(ROOT, 'bench', 'planning-child.ts')], outfile: script, bundle: true, platform: 'node', target: 'node18', format: 'cjs', minify: true, logLevel: 'error' });
    const results = new Map<string, PlanningSample>();
    for (const cloud of CLOUDS) {
      for (const n of SIZES) {
        progress(`planning: ${cloud}, ${count(n)} snapshots, ${RUNS} processes`);
        const samples: PlanningSample[] = [];
        for (let r = 0; r < RUNS; r++) samples.push(runChild(script, cloud, n));
        results.set(`${cloud}:${n}`, medianRun(samples));
      }
    }

    const section = new Markdown().heading(2, '4. Scaling of planning');
    section.paragraph(
      '`planCopies` (shared/engine/plan.ts, the pure planner) over n snapshots of plain data: n/2 sources in one region (5 per disk, created in groups of 50 per second, as automatic policies do) and n/2 finished copies (the older half of the sources, in both destinations), one rule with 2 destinations.',
      'ECS copies carry their source in fields; CBS copies only in their name, which the lineage reader parses. Each size runs in a fresh `node --expose-gc` process, once (cold, as in a function), three times; the table shows the run with the median time.',
      'Memory: *peak heap* is the most the V8 heap held while planning, input included (`v8.GCProfiler` records the heap before every GC during the call, and the heap is read again right after it); *input* is the heap holding the snapshots before planning; *plan* is what stays after a full GC with the plan still referenced.',
      '*Peak RSS* is the kernel\'s high-water mark for the whole process: Node itself (about 40 MB), the input, the garbage its construction left, and planning. The budget is checked against the peak heap, the memory planning and its input need.',
      `Growth: from the middle size to the largest, time and peak heap may grow at most ${GROWTH_PER_TENFOLD} times for ten times the snapshots (linear, with room for GC); the smallest size is left out of that check, as Node's own start-up costs dominate it.`,
    );
    const rows: Array<Array<string | number>> = [];
    const verdicts: Verdict[] = [];
    for (const cloud of CLOUDS) {
      let previous: PlanningSample | undefined;
      for (const n of SIZES) {
        const s = results.get(`${cloud}:${n}`);
        if (!s) continue;
        rows.push([
          cloud, count(n), `${fixed(s.ms, 1)} ms`, previous ? `x${fixed(s.ms / previous.ms, 1)}` : '', `${count(s.copies)} / ${count(s.decided)}`,
          mib(s.heapPeak), previous ? `x${fixed(s.heapPeak / previous.heapPeak, 1)}` : '', mib(s.heapInput), mib(s.planRetained), s.gcs, mib(s.maxRss), mib(s.rssBaseline),
        ]);
        if (n === SIZES[SIZES.length - 1] && previous) {
          const time = s.ms / previous.ms;
          const heap = s.heapPeak / previous.heapPeak;
          verdicts.push({
            what: `planning growth ${count(previous.n)} -> ${count(n)} snapshots (${cloud})`, figure: `time x${fixed(time, 1)}, peak heap x${fixed(heap, 1)}`,
            budget: `<= x${GROWTH_PER_TENFOLD} each (linear)`, met: time <= GROWTH_PER_TENFOLD && heap <= GROWTH_PER_TENFOLD,
          });
        }
        previous = s;
        if (n === SIZES[SIZES.length - 1]) {
          verdicts.push({ what: `planning ${count(n)} snapshots (${cloud}), time`, figure: `${fixed(s.ms, 0)} ms`, budget: `< ${PLANNING_BUDGET.ms} ms`, met: s.ms < PLANNING_BUDGET.ms });
          verdicts.push({
            what: `planning ${count(n)} snapshots (${cloud}), peak memory`, figure: `${mib(s.heapPeak)} heap, input included (process peak RSS ${mib(s.maxRss)})`,
            budget: `< ${mib(PLANNING_BUDGET.bytes)}`, met: s.heapPeak < PLANNING_BUDGET.bytes,
          });
        }
      }
    }
    section.table(['cloud', 'snapshots', 'time', 'time per 10x', 'copies / decided', 'peak heap', 'heap per 10x', 'input', 'plan', 'GCs while planning', 'peak RSS', 'RSS at start'], rows);
    return { section, verdicts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
