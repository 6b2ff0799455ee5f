/** A local cloud in a child process (local-cloud-child.ts), driven over IPC. */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { InvocationRecord, InvocationRequest, RateLimitTable, Seed } from '../local-cloud/index';
import { ROOT } from './fixtures';
import type { AdminOp, CallCount, EcsSnapshotsByAccount, InvokeMessage, RanMessage } from './local-cloud-child';

/** Runs one invocation the way a platform's instance would, and answers what the function answered. */
export type InvocationRunner = (invocation: InvocationRequest) => Promise<unknown>;

export interface CloudProcess {
  readonly url: string;
  /** The process id, e.g. for its scheduling priority. */
  readonly pid: number | undefined;
  reset(seed: Seed): Promise<void>;
  setRateLimits(limits: RateLimitTable): Promise<void>;
  /** Throttled answers since the process started, across resets. */
  throttled(): Promise<number>;
  /** Holds every API answer back `ms` (a reset sets it back to 0). */
  setLatency(ms: number): Promise<void>;
  /** Asynchronous invocations from now on run through `runner` here, at most `concurrency` at once. */
  runInvocations(runner: InvocationRunner, concurrency: number): Promise<void>;
  /** Waits until no invocation is queued or running; answers them all. */
  settleInvocations(timeoutMs: number): Promise<InvocationRecord[]>;
  /** Calls since the last reset, counted by service, action, code and account. */
  callTally(): Promise<CallCount[]>;
  ecsSnapshots(): Promise<EcsSnapshotsByAccount>;
  /** CPU time the cloud's process has used since it started, ms. */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

type Reply = { id: number; value?: unknown; error?: string };

export async function startCloudProcess(): Promise<CloudProcess> {
  const child = fork(resolve(ROOT, 'bench', 'local-cloud-child.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = await new Promise<string>((done, fail) => {
    child.once('message', (m) => done((m as { url: string }).url));
    child.once('exit', (code) => fail(new Error(`the local cloud process exited (${code})`)));
  });
  const pending = new Map<number, { done: (value: unknown) => void; fail: (error: Error) => void }>();
  let runner: InvocationRunner | undefined;
  child.on('message', (m: Reply | InvokeMessage) => {
    if ('invoke' in m) {
      const { ref, invocation } = m.invoke;
      const reply = (ran: RanMessage['ran']): void => void child.send({ ran } satisfies RanMessage);
      if (!runner) reply({ ref, error: 'no runner in the parent' });
      else runner(invocation).then((answer) => reply({ ref, answer }), (error: unknown) => reply({ ref, error: error instanceof Error ? error.message : String(error) }));
      return;
    }
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.fail(new Error(`local cloud: ${m.error}`));
    else p?.done(m.value);
  });
  let next = 0;
  const ask = (request: AdminOp): Promise<unknown> =>
    new Promise((done, fail) => {
      const id = ++next;
      pending.set(id, { done, fail });
      child.send({ id, ...request });
    });
  return {
    url,
    pid: child.pid,
    reset: async (seed) => void (await ask({ op: 'reset', seed })),
    setRateLimits: async (limits) => void (await ask({ op: 'rate-limits', limits })),
    throttled: async () => (await ask({ op: 'throttled' })) as number,
    setLatency: async (ms) => void (await ask({ op: 'latency', ms })),
    runInvocations: async (run, concurrency) => {
      runner = run;
      await ask({ op: 'run-invocations', concurrency });
    },
    settleInvocations: async (timeoutMs) => (await ask({ op: 'settle', timeoutMs })) as InvocationRecord[],
    callTally: async () => (await ask({ op: 'call-tally' })) as CallCount[],
    ecsSnapshots: async () => (await ask({ op: 'ecs-snapshots' })) as EcsSnapshotsByAccount,
    cpuMs: async () => (await ask({ op: 'cpu' })) as number,
    close: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.disconnect();
      }),
  };
}
