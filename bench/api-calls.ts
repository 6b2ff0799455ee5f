/**
 * 5. API calls per sweep, counted by the local cloud: a sweep should need no more than one call per
 * listing page (100 snapshots) of each region it reads, plus the copy calls themselves.
 */
import { startLocalCloud, type CallRecord, type Seed } from '../local-cloud/index';
import type { Answer } from '../shared/contracts/results';
import { cbsSeed, ecsSeed, ensSeed, FC_TIMER, fcContext, loadHandler, progress, quietly, SCF_TIMER, scfContext, THROTTLE_CODES, useLocalCloud, type FunctionName, type SeedShape } from './fixtures';
import { Markdown, mark, type Verdict } from './markdown';
import { count } from './stats';

const PAGE = 100;
const LIST_ACTIONS = new Set(['DescribeSnapshots']);
const COPY_ACTIONS = new Set(['CopySnapshot', 'CopySnapshotCrossRegions']);

interface Case {
  label: string;
  fn: FunctionName;
  seed: (shape: SeedShape) => Seed;
  shape: SeedShape;
  /** ECS copies one destination per call; ENS and CBS carry both destinations in one. */
  destinationsPerCall: 1 | 2;
  /** CBS keeps retention as a deadline set on each new copy (ModifySnapshotAttribute). */
  deadlines: boolean;
  /** ECS looks its new copies up once more, by id, per destination (a reused ClientToken may name a deleted copy). */
  confirms: boolean;
  event: unknown;
  context: () => unknown;
}

const CASES: readonly Case[] = [
  { label: 'ECS', fn: 'ecs-replicator', seed: ecsSeed, shape: { sources: 250, copied: 120 }, destinationsPerCall: 1, deadlines: false, confirms: true, event: FC_TIMER, context: () => fcContext() },
  { label: 'ENS', fn: 'ens-replicator', seed: ensSeed, shape: { sources: 120, copied: 60 }, destinationsPerCall: 2, deadlines: false, confirms: false, event: FC_TIMER, context: () => fcContext() },
  { label: 'CBS', fn: 'cbs-replicator', seed: cbsSeed, shape: { sources: 250, copied: 120 }, destinationsPerCall: 2, deadlines: true, confirms: false, event: SCF_TIMER, context: () => scfContext() },
];

const pages = (snapshots: number): number => Math.max(1, Math.ceil(snapshots / PAGE));

interface SweepCount {
  sweep: string;
  listCalls: number;
  copyCalls: number;
  otherCalls: Record<string, number>;
  throttled: number;
  expectedPages: number;
  expectedCopies: number;
  expectedDeadlines: number;
  answer: Answer;
}

function tally(calls: readonly CallRecord[]): Pick<SweepCount, 'listCalls' | 'copyCalls' | 'otherCalls' | 'throttled'> {
  const otherCalls: Record<string, number> = {};
  for (const c of calls) if (!LIST_ACTIONS.has(c.action) && !COPY_ACTIONS.has(c.action)) otherCalls[c.action] = (otherCalls[c.action] ?? 0) + 1;
  return {
    listCalls: calls.filter((c) => LIST_ACTIONS.has(c.action)).length,
    copyCalls: calls.filter((c) => COPY_ACTIONS.has(c.action)).length,
    otherCalls,
    throttled: calls.filter((c) => THROTTLE_CODES.has(c.code)).length,
  };
}

export interface ApiCallsResult {
  section: Markdown;
  verdicts: Verdict[];
}

export async function measureApiCalls(): Promise<ApiCallsResult> {
  const cloud = await startLocalCloud({ seed: ecsSeed({ sources: 0, copied: 0 }) });
  const counts: Array<{ c: Case; sweeps: SweepCount[] }> = [];
  try {
    useLocalCloud(cloud);
    for (const c of CASES) {
      progress(`api calls: ${c.label}, ${c.shape.sources} sources, ${c.shape.copied} already copied`);
      const handler = loadHandler(c.fn);
      cloud.reset(c.seed(c.shape));
      const toCopy = c.shape.sources - c.shape.copied;
      const sweeps: SweepCount[] = [];
      // First sweep: the source region, both destinations (holding the copies made so far), the copies still missing.
      const first = await quietly(() => handler(c.event, c.context()));
      sweeps.push({
        sweep: 'first', ...tally(cloud.calls()), answer: first,
        expectedPages: pages(c.shape.sources) + 2 * pages(c.shape.copied) + (c.confirms ? 2 * pages(toCopy) : 0), expectedCopies: (toCopy * 2) / c.destinationsPerCall, expectedDeadlines: c.deadlines ? toCopy * 2 : 0,
      });
      // Second sweep: every pair has a copy now (running or done): listings only.
      cloud.clearCalls();
      const second = await quietly(() => handler(c.event, c.context()));
      sweeps.push({ sweep: 'second', ...tally(cloud.calls()), answer: second, expectedPages: pages(c.shape.sources) + 2 * pages(c.shape.sources), expectedCopies: 0, expectedDeadlines: 0 });
      // The same sweep again, watching an RPO on every rule: the coverage comes from the same listings, at no call of its own.
      useLocalCloud(cloud, { rpoHours: 24 });
      cloud.clearCalls();
      const watched = await quietly(() => handler(c.event, c.context()));
      useLocalCloud(cloud);
      if ((watched.coverage ?? []).length === 0) throw new Error(`${c.label}: a sweep with rpoHours answered no coverage`);
      sweeps.push({ sweep: `second, rpoHours set (${watched.coverage?.length ?? 0} coverage entries)`, ...tally(cloud.calls()), answer: watched, expectedPages: pages(c.shape.sources) + 2 * pages(c.shape.sources), expectedCopies: 0, expectedDeadlines: 0 });
      counts.push({ c, sweeps });
    }
  } finally {
    await cloud.close();
  }

  const section = new Markdown().heading(2, '5. API calls per sweep');
  section.paragraph(
    'Each function sweeps a seed where some sources are already copied to both destinations, then sweeps again once every pair has a copy, and once more with `rpoHours` on every rule: the coverage, breaches and stuck copies come from the listings the sweep makes anyway, so that sweep makes the same calls. The local cloud records every call.',
    `Budget: calls <= listing pages (one \`DescribeSnapshots\` per ${PAGE} snapshots of each region read, at least one per region) + copy calls (ECS: one per missing pair; ENS and CBS: one per source with missing pairs). ECS then looks its new copies up by id, one \`DescribeSnapshots\` per 100 new copies in each destination (a copy call that reuses an idempotency token may answer with a copy deleted since), counted as listing pages. CBS also sets a deadline on each new copy (one \`ModifySnapshotAttribute\` per copy), which is how retention exists on CBS; it is counted apart and added to the CBS budget.`,
  );
  const rows: Array<Array<string | number>> = [];
  const verdicts: Verdict[] = [];
  for (const { c, sweeps } of counts) {
    for (const s of sweeps) {
      const deadlineCalls = s.otherCalls.ModifySnapshotAttribute ?? 0;
      const others = Object.entries(s.otherCalls).filter(([a]) => a !== 'ModifySnapshotAttribute').map(([a, n]) => `${a} ${n}`);
      const total = s.listCalls + s.copyCalls + deadlineCalls + others.reduce((sum, o) => sum + Number(o.split(' ').pop()), 0);
      const budget = s.expectedPages + s.expectedCopies + s.expectedDeadlines;
      const met = total <= budget && s.throttled === 0 && s.answer.ok;
      rows.push([
        c.label, `${c.shape.sources} sources, ${c.shape.copied} copied`, s.sweep, `${s.listCalls} (${s.expectedPages} pages)`, `${s.copyCalls} (${s.expectedCopies})`,
        c.deadlines ? `${deadlineCalls} (${s.expectedDeadlines})` : '', others.join(', ') || '', total, budget, mark(met),
      ]);
      verdicts.push({
        what: `API calls, ${c.label} ${s.sweep} sweep`, figure: `${count(total)} calls`,
        budget: `<= ${s.expectedPages} pages + ${s.expectedCopies} copies${c.deadlines ? ` + ${s.expectedDeadlines} deadlines` : ''}`, met,
      });
    }
  }
  section.table(['cloud', 'seed', 'sweep', 'list calls (pages)', 'copy calls (needed)', 'deadline calls (new copies)', 'other calls', 'total', 'budget', 'verdict'], rows);
  return { section, verdicts };
}
