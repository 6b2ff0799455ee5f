/**
 * Function invocations through the platform APIs (FC 3.0 InvokeFunction, SCF Invoke). The local cloud
 * holds no functions: an asynchronous invocation is accepted for any name and queued; a test that
 * gives the cloud a runner (a callback, e.g. a built bundle's handler with an FC or SCF context) has
 * the queue run through it, and can wait until every invocation, and every one those made, is done.
 * A synchronous invocation runs at once, and only with a runner.
 */

export type Platform = 'fc' | 'scf';

export interface InvokeRequest {
  /** The id the platform answered: FC's x-fc-request-id, SCF's FunctionRequestId. */
  id: string;
  platform: Platform;
  functionName: string;
  qualifier?: string;
  /** SCF only. */
  namespace?: string;
  /** The account of the key that invoked. */
  accountId: string;
  async: boolean;
  /** The payload as sent: FC's request body, SCF's ClientContext. */
  payload: string;
}

/** What a runner is handed: the invocation as the platform received it. */
export type InvocationRequest = Readonly<InvokeRequest>;

/** Runs one invocation and answers what the function answers (a throw is a function error). */
export type InvocationRunner = (invocation: InvocationRequest) => unknown;

export type InvocationStatus = 'queued' | 'running' | 'done' | 'failed';

/** One entry of `GET /_admin/invocations`: the request, its payload parsed, and how it went. */
export interface InvocationRecord extends Omit<InvokeRequest, 'payload'> {
  /** The payload, parsed when it is JSON (the text otherwise). */
  payload: unknown;
  status: InvocationStatus;
  /** What the function answered (status `done`). */
  answer?: unknown;
  /** The function's error message (status `failed`). */
  error?: string;
  /** Real times, ISO 8601. */
  queuedAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export type SyncOutcome = { ok: true; answer: unknown } | { ok: false; error: string };

interface Stored {
  request: InvokeRequest;
  record: InvocationRecord;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class FunctionsModel {
  private stored: Stored[] = [];
  private runner: InvocationRunner | undefined;
  private concurrency = Number.POSITIVE_INFINITY;
  private running = 0;
  /** Moves on at each reset, so work started before it leaves the new list alone. */
  private generation = 0;
  private readonly waiters = new Set<() => void>();

  /**
   * Runs invocations through `runner` from now on, the queued ones first; `undefined` stops starting
   * new ones. At most `concurrency` asynchronous invocations run at once (no limit by default).
   */
  setRunner(runner: InvocationRunner | undefined, options: { concurrency?: number } = {}): void {
    const concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
    if (!(concurrency === Number.POSITIVE_INFINITY || (Number.isInteger(concurrency) && concurrency > 0))) {
      throw new RangeError('concurrency must be a positive integer');
    }
    this.runner = runner;
    this.concurrency = concurrency;
    this.pump();
  }

  /** Queues an asynchronous invocation; it runs when a runner is set and a slot is free. */
  enqueue(request: InvokeRequest): InvocationRecord {
    const stored = this.store(request);
    this.pump();
    return stored.record;
  }

  /** Runs a synchronous invocation now; undefined when there is no runner (no function to run). */
  async runNow(request: InvokeRequest): Promise<SyncOutcome | undefined> {
    const runner = this.runner;
    if (!runner) return undefined;
    const stored = this.store(request);
    return this.run(stored, runner, this.generation);
  }

  list(): InvocationRecord[] {
    return this.stored.map(({ record }) => ({ ...record }));
  }

  /**
   * Waits until no invocation is queued or running (those the running ones make included) and answers
   * the list; refuses at once when queued invocations have no runner to run them, and after `timeoutMs`.
   */
  waitForIdle(timeoutMs = 60_000): Promise<InvocationRecord[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const queued = this.stored.some(({ record }) => record.status === 'queued');
        if (this.running === 0 && !queued) {
          finish();
          resolve(this.list());
        } else if (queued && !this.runner) {
          finish();
          reject(new Error('queued invocations wait for a runner: give the local cloud one (runInvocations) first'));
        }
      };
      const timer = setTimeout(() => {
        finish();
        const left = this.stored.filter(({ record }) => record.status === 'queued' || record.status === 'running').length;
        reject(new Error(`invocations still queued or running after ${timeoutMs} ms: ${left}`));
      }, timeoutMs);
      const finish = (): void => {
        this.waiters.delete(check);
        clearTimeout(timer);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Forgets every invocation (work under way finishes unrecorded); the runner stays. */
  reset(): void {
    this.generation += 1;
    this.stored = [];
    this.running = 0;
    this.notify();
  }

  private store(request: InvokeRequest): Stored {
    const { payload, ...rest } = request;
    const record: InvocationRecord = { ...rest, payload: parsed(payload), status: 'queued', queuedAt: new Date().toISOString() };
    const stored = { request: { ...request }, record };
    this.stored.push(stored);
    return stored;
  }

  private pump(): void {
    const runner = this.runner;
    if (!runner) return;
    for (const stored of this.stored) {
      if (this.running >= this.concurrency) break;
      if (stored.record.status !== 'queued') continue;
      this.running += 1;
      const generation = this.generation;
      void this.run(stored, runner, generation).finally(() => {
        if (generation !== this.generation) return;
        this.running -= 1;
        this.pump();
        this.notify();
      });
    }
  }

  private async run(stored: Stored, runner: InvocationRunner, generation: number): Promise<SyncOutcome> {
    const { record } = stored;
    record.status = 'running';
    record.startedAt = new Date().toISOString();
    let outcome: SyncOutcome;
    try {
      outcome = { ok: true, answer: await runner(stored.request) };
    } catch (error) {
      outcome = { ok: false, error: messageOf(error) };
    }
    record.finishedAt = new Date().toISOString();
    if (outcome.ok) {
      record.status = 'done';
      record.answer = outcome.answer;
    } else {
      record.status = 'failed';
      record.error = outcome.error;
    }
    if (generation === this.generation && !stored.request.async) this.notify();
    return outcome;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
