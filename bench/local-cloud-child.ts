/**
 * The local cloud in a process of its own (started by cloud-process.ts), so that its work and its
 * garbage collection never land in the measured process. It answers admin requests over IPC (no
 * HTTP client in the measured process) and stops when the parent disconnects. Asynchronous function
 * invocations, once asked for (`run-invocations`), are handed to the parent to run (`invoke`
 * messages, answered with `ran`): the parent plays the platform's instances.
 */
import { startLocalCloud, type InvocationRecord, type InvocationRequest, type RateLimitTable, type Seed } from '../local-cloud/index';
import { THROTTLE_CODES } from './fixtures';

export type AdminOp =
  | { op: 'reset'; seed: Seed }
  | { op: 'rate-limits'; limits: RateLimitTable }
  | { op: 'throttled' }
  | { op: 'latency'; ms: number }
  | { op: 'run-invocations'; concurrency: number }
  | { op: 'settle'; timeoutMs: number }
  | { op: 'call-tally' }
  | { op: 'ecs-snapshots' }
  | { op: 'cpu' };
export type AdminRequest = { id: number } & AdminOp;

/** A function invocation for the parent to run, and its answer (what the function answered, or its error). */
export interface InvokeMessage {
  invoke: { ref: number; invocation: InvocationRequest };
}
export interface RanMessage {
  ran: { ref: number; answer?: unknown; error?: string };
}

/** Calls since the last reset, counted by service, action, answer code and account ('' for a refused key). */
export interface CallCount {
  service: string;
  action: string;
  code: string;
  accountId: string;
  n: number;
}

/** Every account's ECS snapshots, trimmed to what tells a copy from a source: [id, region, source id or ''] */
export type EcsSnapshotsByAccount = Record<string, Array<[string, string, string]>>;

const cloud = await startLocalCloud({ seed: {} });
/** Throttled answers before the last reset (a reset clears the call log). */
let throttledBefore = 0;
const throttledNow = (): number => cloud.calls().filter((c) => THROTTLE_CODES.has(c.code)).length;

let nextRef = 0;
const running = new Map<number, { done: (answer: unknown) => void; fail: (error: Error) => void }>();
const runInParent = (invocation: InvocationRequest): Promise<unknown> =>
  new Promise((done, fail) => {
    const ref = ++nextRef;
    running.set(ref, { done, fail });
    process.send?.({ invoke: { ref, invocation } } satisfies InvokeMessage);
  });

function callTally(): CallCount[] {
  const counts = new Map<string, CallCount>();
  for (const c of cloud.calls()) {
    const accountId = c.accountId ?? '';
    const key = [c.service, c.action, c.code, accountId].join('\n');
    const entry = counts.get(key) ?? { service: c.service, action: c.action, code: c.code, accountId, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}

function ecsSnapshots(): EcsSnapshotsByAccount {
  const state = cloud.state();
  const trim = (snaps: typeof state.ecs.snapshots): Array<[string, string, string]> => snaps.map((s) => [s.snapshotId, s.regionId, s.sourceSnapshotId ?? '']);
  return { [state.accountId]: trim(state.ecs.snapshots), ...Object.fromEntries(Object.entries(state.accounts).map(([id, a]) => [id, trim(a.ecs.snapshots)])) };
}

async function answer(m: AdminRequest): Promise<unknown> {
  switch (m.op) {
    case 'reset':
      throttledBefore += throttledNow();
      cloud.reset(m.seed);
      return true;
    case 'rate-limits':
      cloud.setRateLimits(m.limits);
      return true;
    case 'throttled':
      return throttledBefore + throttledNow();
    case 'latency':
      cloud.setLatency(m.ms);
      return true;
    case 'run-invocations':
      cloud.runInvocations(runInParent, { concurrency: m.concurrency });
      return true;
    case 'settle':
      return (await cloud.settleInvocations(m.timeoutMs)) satisfies InvocationRecord[];
    case 'call-tally':
      return callTally();
    case 'ecs-snapshots':
      return ecsSnapshots();
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    }
  }
}

process.on('message', (m: AdminRequest | RanMessage) => {
  if ('ran' in m) {
    const r = running.get(m.ran.ref);
    running.delete(m.ran.ref);
    if (m.ran.error !== undefined) r?.fail(new Error(m.ran.error));
    else r?.done(m.ran.answer);
    return;
  }
  answer(m).then(
    (value) => process.send?.({ id: m.id, value }),
    (error: unknown) => process.send?.({ id: m.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => {
  void cloud.close().then(() => process.exit(0));
});
process.send?.({ url: cloud.url });
