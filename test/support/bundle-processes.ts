/**
 * Several invocations of the built bundles at once, each in a process of its own, as the platform runs
 * overlapping instances: every process loads its bundle (dist/<name>/index.js, as the platform does)
 * and reports ready, then all are told to go at the same moment, against the same cloud. What each
 * process logs goes through the log guard (guarded-child.ts).
 */
import { resolve } from 'node:path';
import { ensureBuilt, fcContext, KEYS, scfContext } from '../functions/harness';
import { spawnGuarded, type WatchedChild } from './guarded-child';
import { handlerEnvironment } from './handler-env';

const root = resolve(import.meta.dirname, '../..');
const CHILD = resolve(import.meta.dirname, 'bundle-process-child.mjs');

export type BundleName = 'ecs-replicator' | 'ens-replicator' | 'cbs-replicator';

export interface BundleInvocation {
  bundle: BundleName;
  /** What the handler receives: a Buffer arrives as a Buffer (FC), anything else as its JSON value (SCF). */
  event: unknown;
  /** The platform's context; by default `fcContext()` for ECS and ENS, `scfContext()` for CBS. */
  context?: unknown;
}

export interface ProcessOutcome {
  /** The handler's answer, unless it threw. */
  answer?: Record<string, unknown>;
  /** What the handler threw (a RetryableFailure, say), unless it answered. */
  thrown?: { name: string; message: string };
  /** The process's exit code, and its log lines as printed. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface AtOnceOptions {
  /** Variables beside the handler's usual ones (`API_TIMEOUT_MS`, say). */
  env?: Record<string, string>;
  /** How long a process may take to load and run, in all (default 60 s). */
  timeoutMs?: number;
}

type Reply = { ready: true } | { answer: Record<string, unknown> } | { thrown: { name: string; message: string } };

function eventMessage(event: unknown): { bytes: string } | { value: unknown } {
  return Buffer.isBuffer(event) ? { bytes: event.toString('base64') } : { value: event };
}

function defaultContext(bundle: BundleName): unknown {
  return bundle === 'cbs-replicator' ? scfContext() : fcContext();
}

/** One process: it loads the bundle, and reports ready before it is told to go. */
function start(invocation: BundleInvocation, env: Record<string, string>): { watched: WatchedChild; ready: Promise<void>; reply: Promise<Reply> } {
  const watched = spawnGuarded(process.execPath, [CHILD], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const { child } = watched;
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const reply = new Promise<Reply>((resolve, reject) => {
    child.on('message', (message: Reply) => {
      if ('ready' in message) onReady();
      else resolve(message);
    });
    void watched.done.then(
      (run) => reject(new Error(`the ${invocation.bundle} process ended without an answer (exit ${String(run.code)}): ${run.stderr.slice(0, 2000)}`)),
      reject,
    );
  });
  child.send({ bundlePath: resolve(root, 'dist', invocation.bundle, 'index.js'), event: eventMessage(invocation.event), context: invocation.context ?? defaultContext(invocation.bundle) });
  // A process that dies while loading must not leave the others waiting.
  return { watched, ready: Promise.race([ready, reply.then(() => undefined)]), reply };
}

/**
 * Runs every invocation in its own process, all started together once every process has loaded its
 * bundle, against the cloud at `url` (the local cloud's, or a proxy's in front of it) under `policy`.
 * Answers in the order given, once every process is done.
 */
export async function invokeAtOnce(url: string, policy: unknown, invocations: readonly BundleInvocation[], options: AtOnceOptions = {}): Promise<ProcessOutcome[]> {
  ensureBuilt();
  const env = { PATH: process.env.PATH ?? '', ...handlerEnvironment(url, KEYS, policy), ...options.env };
  const started = invocations.map((inv) => start(inv, env));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timer = setTimeout(() => {
    for (const s of started) s.watched.child.kill('SIGKILL');
  }, timeoutMs);
  try {
    await Promise.all(started.map((s) => s.ready));
    for (const s of started) s.watched.child.send('go');
    const replies = await Promise.all(started.map((s) => s.reply));
    const runs = await Promise.all(started.map((s) => s.watched.done));
    return replies.map((reply, i) => {
      const run = runs[i] ?? { code: null, stdout: '', stderr: '' };
      const base = { code: run.code, stdout: run.stdout, stderr: run.stderr };
      if ('answer' in reply) return { ...base, answer: reply.answer };
      if ('thrown' in reply) return { ...base, thrown: reply.thrown };
      throw new Error('a process answered twice that it was ready');
    });
  } finally {
    clearTimeout(timer);
    for (const s of started) if (s.watched.child.exitCode === null && s.watched.child.signalCode === null) s.watched.child.kill('SIGKILL');
  }
}
