import type { AddressInfo } from 'node:net';
import { CloudState, type CallRecord } from './cloud-state';
import { EXAMPLE_SEED } from './example-seed';
import type { FaultChanges, FaultConfig } from './faults';
import type { RateLimitTable } from './rate-limits';
import type { CloudStateView, Seed } from './seed';
import { createLocalCloudServer } from './server';
import type { InvocationRecord, InvocationRunner } from './services/functions-model';

export type { CallRecord } from './cloud-state';
export type { FaultChanges, FaultConfig } from './faults';
export type { RateLimitTable } from './rate-limits';
export type * from './seed';
export type { InvocationRecord, InvocationRequest, InvocationRunner, InvocationStatus } from './services/functions-model';
export { EXAMPLE_SEED } from './example-seed';

export interface RunnerOptions {
  /** How many asynchronous invocations run at once (no limit by default). */
  concurrency?: number;
}

export interface LocalCloudOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  seed?: Seed;
  /** Runs FC and SCF invocations from the start (see LocalCloud.runInvocations). */
  runner?: InvocationRunner;
  runnerOptions?: RunnerOptions;
}

/** A running local cloud, with the admin endpoints as methods for in-process callers. */
export interface LocalCloud {
  /** `http://127.0.0.1:PORT`: the base URL of every service and of /_admin alike. */
  readonly url: string;
  readonly port: number;
  reset(seed: Seed): void;
  state(): CloudStateView;
  calls(): CallRecord[];
  clearCalls(): void;
  setFaults(faults: FaultChanges): FaultConfig;
  setRateLimits(limits: RateLimitTable): RateLimitTable;
  advance(seconds: number): void;
  /** Holds every API answer back `ms` real milliseconds (0, the default after a reset, answers at once). */
  setLatency(ms: number): void;
  /** Every FC and SCF invocation received since the last reset, with its status and answer. */
  invocations(): InvocationRecord[];
  /**
   * Runs invocations through `runner` (the queued ones first, then each as it arrives); `undefined`
   * leaves new asynchronous invocations queued. The runner outlives resets.
   */
  runInvocations(runner: InvocationRunner | undefined, options?: RunnerOptions): void;
  /** Waits until no invocation is queued or running, and answers them all; refuses after `timeoutMs` (60 s). */
  settleInvocations(timeoutMs?: number): Promise<InvocationRecord[]>;
  close(): Promise<void>;
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const state = new CloudState();
  state.reset(options.seed ?? EXAMPLE_SEED);
  if (options.runner) state.functions.setRunner(options.runner, options.runnerOptions);
  const server = createLocalCloudServer(state);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    reset: (seed) => state.reset(seed),
    state: () => state.view(),
    calls: () => state.calls.map((c) => ({ ...c })),
    clearCalls: () => {
      state.calls.length = 0;
    },
    setFaults: (faults) => state.faults.configure(faults),
    setRateLimits: (limits) => state.limiter.configure(limits),
    advance: (seconds) => state.clock.advance(seconds),
    setLatency: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be 0 or more milliseconds');
      state.latencyMs = ms;
    },
    invocations: () => state.functions.list(),
    runInvocations: (runner, runnerOptions) => state.functions.setRunner(runner, runnerOptions),
    settleInvocations: (timeoutMs) => state.functions.waitForIdle(timeoutMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
