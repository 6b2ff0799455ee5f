/**
 * Where a command's words go. Results on stdout: JSON with --json, text otherwise. Failures: with
 * --json, a JSON object on stdout too (a script reads one stream); otherwise a message on stderr.
 */
import { CloudError } from '../shared/clouds/cloud-error';
import { redact } from '../shared/clouds/redact';
import { BudgetExhausted } from '../shared/engine/call-with-retry';
import { InputError } from '../shared/errors';
import { exitCodeFor } from './exit-codes';

export interface ErrorReport {
  code: string;
  message: string;
  /** Bad input: each bad field's path, the rule it breaks, and both in one line. */
  problems?: Array<{ field: string; rule: string; message: string }>;
}

export function errorReport(error: unknown): ErrorReport {
  if (error instanceof InputError) {
    return {
      code: error.code,
      message: redact(error.message),
      problems: error.problems.map((p) => ({ field: p.field, rule: p.rule, message: redact(InputError.describe(p)) })),
    };
  }
  if (error instanceof CloudError) return { code: error.code, message: error.message };
  if (error instanceof BudgetExhausted) return { code: error.lastError?.code ?? 'TimeBudgetExhausted', message: error.message };
  return { code: 'InternalError', message: redact(error instanceof Error ? error.message : String(error)) };
}

/** The human form of a failure: every problem of bad input on its own line, with its path. */
export function errorText(error: unknown): string {
  const report = errorReport(error);
  if (error instanceof InputError) {
    const title = error.code === 'InvalidPolicy' ? 'invalid policy' : error.code === 'InvalidConfiguration' ? 'invalid configuration' : 'invalid input';
    return [`${title}:`, ...error.problems.map((p) => `  ${redact(InputError.describe(p))}`)].join('\n');
  }
  if (error instanceof CloudError || error instanceof BudgetExhausted) return `cloud error: ${report.message}`;
  return `error: ${report.message}`;
}

export class Output {
  constructor(readonly json: boolean) {}

  /** The command's result: `value` as JSON, or the text `human` makes. */
  result(value: unknown, human: () => string): void {
    process.stdout.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
  }

  /** Reports a failure and answers its exit code. */
  failure(error: unknown): number {
    if (this.json) process.stdout.write(`${JSON.stringify({ ok: false, error: errorReport(error) }, null, 2)}\n`);
    else process.stderr.write(`${errorText(error)}\n`);
    return exitCodeFor(error);
  }

  /** A remark for people (which credentials were used): stderr, and never with --json. */
  note(text: string): void {
    if (!this.json) process.stderr.write(`${text}\n`);
  }
}
