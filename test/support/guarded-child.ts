/**
 * Child processes the tests start (the command line, a bundle in a process of its own, a build) print
 * where the console spies of the log guard cannot see. Everything a child prints goes through the guard
 * all the same: whole, once the child is gone (a secret split between two chunks is still one secret),
 * and before the guard's check at the end of the file for a child still running then.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { recordLogLines } from '../security/log-guard';

export interface ChildOutput {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface WatchedChild<C extends ChildProcess = ChildProcess> {
  child: C;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Settles once the child is gone and its output is with the guard. */
  done: Promise<ChildOutput>;
}

/** Children whose output is not with the guard yet: what each printed so far, and its end. */
const running = new Map<ChildProcess, { output: () => { stdout: string; stderr: string }; done: Promise<unknown> }>();

/** Hands text a child printed to the log guard (empty streams add nothing). */
export function recordChildOutput(output: { stdout?: string | Buffer | null; stderr?: string | Buffer | null }): void {
  recordLogLines([output.stdout, output.stderr].map((t) => (t === undefined || t === null ? '' : t.toString())).filter((t) => t !== ''));
}

/** Collects what `child` prints (it must have been started with piped stdout and stderr). */
export function watchChild<C extends ChildProcess>(child: C): WatchedChild<C> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const output = (): { stdout: string; stderr: string } => ({ stdout, stderr });
  let recorded = false;
  const record = (): void => {
    if (recorded) return;
    recorded = true;
    running.delete(child);
    recordChildOutput({ stdout, stderr });
  };
  const done = new Promise<ChildOutput>((resolve, reject) => {
    child.on('error', (error) => {
      record();
      reject(error);
    });
    child.on('close', (code, signal) => {
      record();
      resolve({ code, signal, stdout, stderr });
    });
  });
  // Whoever awaits `done` sees a failure to start; the guard only needs the output.
  running.set(child, { output: () => (recorded ? { stdout: '', stderr: '' } : output()), done: done.catch(() => undefined) });
  return { child, output, done };
}

/** `spawn` with stdout and stderr piped and watched; stdin as `options.stdio[0]` says (ignored by default). */
export function spawnGuarded(command: string, args: readonly string[], options: SpawnOptions = {}): WatchedChild {
  const stdio = Array.isArray(options.stdio) ? options.stdio : [];
  const child = spawn(command, args, { ...options, stdio: [stdio[0] ?? 'ignore', 'pipe', 'pipe', ...stdio.slice(3)] });
  return watchChild(child);
}

/**
 * Waits up to `ms` for the watched children still running, then hands the guard what the rest printed
 * so far. The log guard calls it before its check.
 */
export async function childrenSettled(ms: number): Promise<void> {
  const pending = [...running.entries()];
  if (pending.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.all(pending.map(([, p]) => p.done)), timeout]);
  clearTimeout(timer);
  for (const [child, p] of pending) {
    if (!running.has(child)) continue;
    running.delete(child);
    recordChildOutput(p.output());
  }
}
