import type { AddressInfo } from 'node:net';
import { CloudState, type CallRecord } from './cloud-state';
import { EXAMPLE_SEED } from './example-seed';
import type { FaultConfig } from './faults';
import type { RateLimitTable } from './rate-limits';
import type { CloudStateView, Seed } from './seed';
import { createLocalCloudServer } from './server';

export type { CallRecord } from './cloud-state';
export type { FaultConfig } from './faults';
export type { RateLimitTable } from './rate-limits';
export type * from './seed';
export { EXAMPLE_SEED } from './example-seed';

export interface LocalCloudOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  seed?: Seed;
}

/** A running local cloud, with the admin endpoints as methods for in-process callers. */
export interface LocalCloud {
  /** `http://127.0.0.1:PORT`: the base URL of ECS, ENS, CBS and /_admin alike. */
  readonly url: string;
  readonly port: number;
  reset(seed: Seed): void;
  state(): CloudStateView;
  calls(): CallRecord[];
  clearCalls(): void;
  setFaults(faults: Partial<FaultConfig>): FaultConfig;
  setRateLimits(limits: RateLimitTable): RateLimitTable;
  advance(seconds: number): void;
  close(): Promise<void>;
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const state = new CloudState();
  state.reset(options.seed ?? EXAMPLE_SEED);
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
