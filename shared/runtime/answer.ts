import { answerError, failureOf } from '../contracts/failure';
import type { Answer, RunReport } from '../contracts/results';
import { countOutcomes } from '../engine/result';
import { redactDeep } from '../secrets/redact';

type TriggerKind = NonNullable<Answer['trigger']>;

/** What a run did, as the handler answers it; redacted, as everything that leaves the process is. */
export function answerFromReport(trigger: TriggerKind, report: RunReport, durationMs: number): Answer {
  return redactDeep({
    ok: true,
    trigger,
    results: report.results,
    chores: report.chores,
    summary: { counts: countOutcomes(report.results), apiCalls: report.apiCalls, budgetExhausted: report.budgetExhausted, durationMs },
    ...(report.coverage ? { coverage: report.coverage } : {}),
    ...(report.stuckCopies ? { stuckCopies: report.stuckCopies } : {}),
    ...(report.alerts ? { alerts: report.alerts } : {}),
  });
}

/** A failure of the whole invocation as an answer: bad input names its field; nothing secret is echoed. */
export function answerFromError(error: unknown, trigger?: TriggerKind): Answer {
  return redactDeep({ ok: false, results: [], ...(trigger ? { trigger } : {}), error: answerError(failureOf(error)) });
}
