import { CloudError } from '../clouds/cloud-error';
import { redact } from '../clouds/redact';
import { BudgetExhausted } from '../engine/call-with-retry';
import { InputError } from '../errors';
import { countOutcomes, type ChoreResult, type Outcome, type ReplicationResult, type RunReport } from '../engine/result';
import type { Trigger } from '../triggers/types';

/** Contract 3: what every handler answers. */
export interface Answer {
  ok: boolean;
  trigger?: Trigger['kind'];
  results: ReplicationResult[];
  /** Deadlines set, copies pruned, snapshots taken. */
  chores?: ChoreResult[];
  summary?: { counts: Record<Outcome, number>; apiCalls: number; budgetExhausted: boolean; durationMs: number };
  error?: { code: string; message: string; field?: string; problems?: Array<{ field: string; rule: string }> };
}

export function answerFromReport(trigger: Trigger['kind'], report: RunReport, durationMs: number): Answer {
  return {
    ok: true,
    trigger,
    results: report.results,
    chores: report.chores,
    summary: { counts: countOutcomes(report.results), apiCalls: report.apiCalls, budgetExhausted: report.budgetExhausted, durationMs },
  };
}

/** A failure of the whole invocation as an answer: bad input names its field; nothing secret is echoed. */
export function answerFromError(error: unknown, trigger?: Trigger['kind']): Answer {
  const base = { ok: false, results: [], ...(trigger ? { trigger } : {}) };
  if (error instanceof InputError) {
    return {
      ...base,
      error: { code: error.code, message: redact(error.message), field: error.field, problems: error.problems.map((p) => ({ field: p.field, rule: p.rule })) },
    };
  }
  if (error instanceof CloudError) return { ...base, error: { code: error.code, message: error.message } };
  if (error instanceof BudgetExhausted) {
    return { ...base, error: { code: error.lastError?.code ?? 'TimeBudgetExhausted', message: error.message } };
  }
  return { ...base, error: { code: 'InternalError', message: redact(error instanceof Error ? error.message : String(error)) } };
}
