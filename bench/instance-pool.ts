/**
 * A pool of function instances (function-instance-child.ts): separate node processes, each with the
 * built bundle loaded and running one invocation at a time, as FC and SCF give each concurrent
 * invocation an instance of its own. Invocations beyond the pool's size wait for a free instance.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { bundlePath, ROOT, type FunctionName } from './fixtures';
import type { InstanceReply, InstanceRequest } from './function-instance-child';

export type InstanceResult = Extract<InstanceReply, { digest: unknown }>;

export interface InstancePool {
  readonly size: number;
  /** Runs one invocation (an FC event's text and context) in the next free instance. */
  run(payload: string, context: Record<string, unknown>): Promise<InstanceResult>;
  close(): Promise<void>;
}

export async function startInstancePool(fn: FunctionName, size: number, env: Record<string, string>, options: { nice?: number } = {}): Promise<InstancePool> {
  const dir = mkdtempSync(join(tmpdir(), 'srep-bench-instance-'));
  const script = join(dir, 'function-instance-child.cjs');
  await build({ entryPoints: [resolve(ROOT, 'bench', 'function-instance-child.ts')], outfile: script, bundle: true, platform: 'node', target: 'node18', format: 'cjs', logLevel: 'error' });
  // A plain node process (no loader of the bench's own), with only the environment the function reads.
  const start = (): Promise<ChildProcess> =>
    new Promise((done, fail) => {
      const child = fork(script, [bundlePath(fn)], { cwd: ROOT, execArgv: [], env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      if (options.nice !== undefined && child.pid !== undefined) setPriority(child.pid, options.nice);
      child.once('message', () => done(child));
      child.once('exit', (code) => fail(new Error(`a function instance exited (${code}) before it was ready`)));
    });
  const instances = await Promise.all(Array.from({ length: size }, start));
  const free = [...instances];
  const waiting: Array<(child: ChildProcess) => void> = [];
  const pending = new Map<number, { done: (r: InstanceResult) => void; fail: (e: Error) => void }>();
  for (const child of instances) {
    child.on('message', (m: InstanceReply) => {
      const p = pending.get(m.ref);
      pending.delete(m.ref);
      const next = waiting.shift();
      if (next) next(child);
      else free.push(child);
      if ('error' in m) p?.fail(new Error(m.error));
      else p?.done(m);
    });
  }
  const take = (): Promise<ChildProcess> => {
    const child = free.shift();
    return child ? Promise.resolve(child) : new Promise((done) => waiting.push(done));
  };
  let next = 0;
  return {
    size,
    run: async (payload, context) => {
      const child = await take();
      return new Promise((done, fail) => {
        const ref = ++next;
        pending.set(ref, { done, fail });
        child.send({ ref, payload, context } satisfies InstanceRequest);
      });
    },
    close: async () => {
      await Promise.all(
        instances.map(
          (child) =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.disconnect();
            }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
