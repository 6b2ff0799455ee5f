/**
 * Where a command's words go. Results on stdout: JSON with --json, text otherwise. Failures: with
 * --json, a JSON object on stdout too (a script reads one stream); otherwise a message on stderr.
 * Everything written is redacted.
 */
import { InputError } from '../shared/contracts/errors';
import { answerError, failureOf, type Failure } from '../shared/contracts/failure';
import { redact } from '../shared/secrets/redact';
import { EXIT_FOR_FAILURE } from './exit-codes';

export interface ErrorReport {
  code: string;
  message: string;
  /** Bad input: each bad field's path, the rule it breaks, and both in one line. */
  problems?: Array<{ field: string; rule: string; message: string }>;
}

function errorReport(failure: Failure): ErrorReport {
  const { code, message } = answerError(failure);
  return {
    code,
    message: redact(message),
    ...(failure.problems ? { problems: failure.problems.map((p) => ({ field: p.field, rule: p.rule, message: redact(InputError.describe(p)) })) } : {}),
  };
}

const INPUT_TITLES: Readonly<Record<string, string>> = { InvalidPolicy: 'invalid policy', InvalidConfiguration: 'invalid configuration' };

/** The human form of a failure: every problem of bad input on its own line, with its path. */
function errorText(failure: Failure): string {
  const report = errorReport(failure);
  if (failure.kind === 'input') {
    return [`${INPUT_TITLES[failure.errorCode] ?? 'invalid input'}:`, ...(report.problems ?? []).map((p) => `  ${p.message}`)].join('\n');
  }
  if (failure.kind === 'cloud' || failure.kind === 'budget') return `cloud error: ${report.message}`;
  return `error: ${report.message}`;
}

export class Output {
  constructor(readonly json: boolean) {}

  /** The command's result: `value` as JSON, or the text `human` makes. */
  result(value: unknown, human: () => string): void {
    process.stdout.write(redact(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`));
  }

  /** Reports a failure (in another account of the policy, when `where` names one) and answers its exit code. */
  failure(error: unknown, where: { account?: string } = {}): number {
    const failure = failureOf(error);
    const account = where.account;
    if (this.json) process.stdout.write(`${JSON.stringify({ ok: false, ...(account !== undefined ? { account } : {}), error: errorReport(failure) }, null, 2)}\n`);
    else process.stderr.write(`${account !== undefined ? `account ${account}: ` : ''}${errorText(failure)}\n`);
    return EXIT_FOR_FAILURE[failure.kind];
  }

  /** A remark for people (which credentials were used): stderr, and never with --json. */
  note(text: string): void {
    if (!this.json) process.stderr.write(`${redact(text)}\n`);
  }
}
