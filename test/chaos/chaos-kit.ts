import type { SeededRandom } from '../../local-cloud/random';
import type { FaultConfig } from '../../local-cloud/index';
import { afterAll, beforeAll } from 'vitest';
import { captureLogs, startLocalCloud, useLocalCloud, type LocalCloud, type Seed } from '../functions/harness';

/**
 * The faults every chaos test runs under: 20% throttling, 10% InternalError/ServiceUnavailable,
 * 5% timeouts (half of them applied before the answer is lost) and 30% per-destination failures.
 * Whatever the seed, the first copy call (`copyAction`, `service.Action`) is carried out and its
 * answer lost: the case that matters most under timeouts never depends on the seed.
 */
export function chaosFaults(seed: number, copyAction: 'ecs.CopySnapshot' | 'ens.CopySnapshot' | 'cbs.CopySnapshotCrossRegions'): Partial<FaultConfig> {
  return { throttleRate: 0.2, errorRate: 0.1, timeoutRate: 0.05, partialRate: 0.3, lostAnswers: { [copyAction]: 1 }, seed };
}

/** Whether the run held a copy call that was carried out and whose answer was lost. */
export function hadLostCopy(calls: ReadonlyArray<{ service: string; action: string; code: string }>, copyAction: string): boolean {
  return calls.some((c) => `${c.service}.${c.action}` === copyAction && c.code === 'Timeout(applied)');
}

/** Three seeds per cloud: each is a different fault sequence, fixed from run to run. */
export const CHAOS_SEEDS = [101, 202, 303] as const;

/**
 * Sweeps run after the state first looks complete, to show it stays so (no late duplicate); a run
 * stops there, or at its bound, whichever comes first. Its assertions hold either way.
 */
export const CONFIRMING_SWEEPS = 2;

/** Adapters give up on a held (timed-out) request after this long, so a timeout costs little. */
const API_TIMEOUT_MS = '300';

/** The local cloud's seeded PRNG, for the order events are delivered in. */
export { SeededRandom as Rng } from '../../local-cloud/random';

/** Fisher-Yates with a seeded PRNG: the same seed always gives the same order. */
function shuffle<T>(items: readonly T[], rng: SeededRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Every item three times (at-least-once delivery, duplicated), in a seeded order. */
export function deliveredThrice<T>(items: readonly T[], rng: SeededRandom): T[] {
  return shuffle([...items, ...items, ...items], rng);
}

/** Splits `items` into `parts` runs of nearly equal length, in order. */
export function spread<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  items.forEach((item, i) => out[Math.floor((i * parts) / items.length)]?.push(item));
  return out;
}

type Handler = (event: unknown, context?: unknown) => Promise<Record<string, unknown>>;

/** What the platform saw of one invocation: an answer, or the documented request to deliver the event again. */
export type Delivery = { retried: false; answer: Record<string, unknown> } | { retried: true };

/**
 * Invokes a handler as the platform does, and holds it to its contract: every invocation answers
 * `ok: true` for the trigger it was given. The one throw allowed is the platform-retry contract of an
 * event (RetryableFailure: the platform delivers the event again); any other throw, a RetryableFailure
 * from a timer, or an `ok: false` answer (refused input, a run that failed as a whole) fails the test.
 */
export async function invokeLikePlatform(handler: Handler, event: unknown, context: unknown, trigger: 'event' | 'timer'): Promise<Delivery> {
  const { value } = await captureLogs(() =>
    handler(event, context).then(
      (answer): Delivery => ({ retried: false, answer }),
      (error: unknown): Delivery => {
        if (trigger === 'event' && error instanceof Error && error.name === 'RetryableFailure') return { retried: true };
        const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new Error(`the ${trigger} invocation threw (${what}); only an event may ask for a retry, and only with RetryableFailure`);
      },
    ),
  );
  if (!value.retried) {
    const { answer } = value;
    if (answer.ok !== true) throw new Error(`the ${trigger} invocation answered ok: ${String(answer.ok)}: ${JSON.stringify(answer.error)}`);
    if (answer.trigger !== trigger) throw new Error(`the ${trigger} invocation was read as ${String(answer.trigger)}`);
  }
  return value;
}

/** `${source}>${destination}` -> how many copies; a pair missing from the map has none. */
export function countPairs(copies: ReadonlyArray<{ sourceSnapshotId?: string | undefined; region: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of copies) {
    const key = `${c.sourceSnapshotId ?? '?'}>${c.region}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Pairs with more than one copy. */
export function duplicates(counts: ReadonlyMap<string, number>): string[] {
  return [...counts].filter(([, n]) => n > 1).map(([pair]) => pair);
}

/**
 * One local cloud for a chaos file, with the handlers pointed at it and fast client timeouts.
 * Call `cloud()` inside tests (it is started in beforeAll).
 */
export function chaosCloud(seed: () => Seed, policy: unknown): () => LocalCloud {
  let cloud: LocalCloud | undefined;
  beforeAll(async () => {
    cloud = await startLocalCloud({ seed: seed() });
    useLocalCloud(cloud, policy);
    process.env.API_TIMEOUT_MS = API_TIMEOUT_MS;
  });
  afterAll(async () => {
    delete process.env.API_TIMEOUT_MS;
    await cloud?.close();
  });
  return () => {
    if (!cloud) throw new Error('the chaos cloud is started in beforeAll');
    return cloud;
  };
}
