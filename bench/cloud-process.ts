/** A local cloud in a child process (local-cloud-child.ts), driven over IPC. */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { RateLimitTable, Seed } from '../local-cloud/index';
import { ROOT } from './fixtures';
import type { AdminOp } from './local-cloud-child';

export interface CloudProcess {
  readonly url: string;
  reset(seed: Seed): Promise<void>;
  setRateLimits(limits: RateLimitTable): Promise<void>;
  /** Throttled answers since the process started, across resets. */
  throttled(): Promise<number>;
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
  child.on('message', (m: Reply) => {
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
    reset: async (seed) => void (await ask({ op: 'reset', seed })),
    setRateLimits: async (limits) => void (await ask({ op: 'rate-limits', limits })),
    throttled: async () => (await ask({ op: 'throttled' })) as number,
    close: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.disconnect();
      }),
  };
}
