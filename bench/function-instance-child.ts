/**
 * One function instance, as FC and SCF run one (started by instance-pool.ts, bundled first): a node
 * process that loads the built bundle at argv[2] with a plain require and runs one invocation at a
 * time, as the parent hands them over. Its environment (endpoints, keys, policy) comes from the parent.
 * Log lines are built and dropped. Each answer goes back as a digest, with the invocation's time and
 * this process's CPU time for it.
 */
import { createRequire } from 'node:module';

export interface InstanceRequest {
  ref: number;
  /** The event as FC hands it over: the bytes of this text. */
  payload: string;
  context: Record<string, unknown>;
}

/** What the measurements read of an answer. */
export interface AnswerDigest {
  ok: boolean;
  account?: string;
  counts?: Record<string, number>;
  apiCalls?: number;
  budgetExhausted?: boolean;
  dispatched?: Array<{ account: string; outcome: string }>;
  errorCode?: string;
}

export type InstanceReply = { ref: number; ms: number; cpuMs: number; digest: AnswerDigest } | { ref: number; error: string };

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;

const bundle = process.argv[2];
if (!bundle) throw new Error('usage: function-instance-child <bundle path>');
const mod = createRequire(bundle)(bundle) as Record<string, Handler | undefined>;
const handler = mod.handler ?? mod.main_handler;
if (!handler) throw new Error(`${bundle} exports no handler`);
const drop = (): void => undefined;
Object.assign(console, { log: drop, info: drop, warn: drop, error: drop });

function digestOf(answer: Record<string, unknown>): AnswerDigest {
  const summary = answer.summary as { counts?: Record<string, number>; apiCalls?: number; budgetExhausted?: boolean } | undefined;
  const dispatched = answer.dispatched as Array<{ account: string; outcome: string }> | undefined;
  const error = answer.error as { code?: string } | undefined;
  return {
    ok: answer.ok === true,
    ...(typeof answer.account === 'string' ? { account: answer.account } : {}),
    ...(summary?.counts ? { counts: summary.counts } : {}),
    ...(summary?.apiCalls !== undefined ? { apiCalls: summary.apiCalls } : {}),
    ...(summary?.budgetExhausted !== undefined ? { budgetExhausted: summary.budgetExhausted } : {}),
    ...(dispatched ? { dispatched: dispatched.map((d) => ({ account: d.account, outcome: d.outcome })) } : {}),
    ...(error?.code ? { errorCode: error.code } : {}),
  };
}

process.on('message', (m: InstanceRequest) => {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  handler(Buffer.from(m.payload), m.context).then(
    (answer) => {
      const cpu = process.cpuUsage(cpu0);
      process.send?.({ ref: m.ref, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, digest: digestOf(answer) } satisfies InstanceReply);
    },
    (error: unknown) => process.send?.({ ref: m.ref, error: error instanceof Error ? error.message : String(error) } satisfies InstanceReply),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
