import { CloudError } from '../shared/contracts/errors';
import { ENDPOINT_VARIABLES } from '../shared/clouds/endpoints';
import { isUnreachableCode } from '../shared/clouds/unreachable';
import type { RetryNotice } from '../shared/engine/call-with-retry';
import { noteAboveProgress } from './progress';

/** An endpoint that refuses connections or whose host does not resolve is retried for at most this long. */
export const UNREACHABLE_GIVE_UP_MS = 5_000;

/** The same reason is reported at most this often; the retries in between are counted in the next line. */
const REPEAT_EVERY_MS = 5_000;

export interface RetryReportOptions {
  write?: (line: string) => void;
  now?: () => number;
  giveUpAfterMs?: number;
}

/** The service's words without the `service:Action Code: ` prefix CloudError puts in front. */
function reasonOf(error: CloudError): string {
  const prefix = `${error.service}:${error.action} ${error.code}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

function where(error: CloudError): string {
  const variable = error.service in ENDPOINT_VARIABLES ? ENDPOINT_VARIABLES[error.service as keyof typeof ENDPOINT_VARIABLES] : undefined;
  return variable ? `check ${variable} (unset means the public endpoint) and the network` : 'check the endpoint and the network';
}

/**
 * Tells a person (on stderr, above any progress bar; never on stdout, so --json stays one document)
 * that a call failed and will be tried again, why, and when. An endpoint that cannot be reached at all
 * is given up on after UNREACHABLE_GIVE_UP_MS, rather than retried until --timeout: the error then ends
 * the command (exit 3) instead of a long silence.
 */
export function retryReporter(options: RetryReportOptions = {}): (notice: RetryNotice) => void {
  const write = options.write ?? noteAboveProgress;
  const now = options.now ?? Date.now;
  const giveUpAfterMs = options.giveUpAfterMs ?? UNREACHABLE_GIVE_UP_MS;
  const lastReported = new Map<string, { at: number; unreported: number }>();
  let unreachableSince: number | undefined;
  let unreachableTries = 0;
  return ({ error, attempt, waitMs }) => {
    const at = now();
    if (isUnreachableCode(error.code)) {
      unreachableSince ??= at;
      unreachableTries += 1;
      // Given up when the retry would come later than that, not after one more long wait.
      if (at + waitMs - unreachableSince > giveUpAfterMs) {
        const seconds = ((at - unreachableSince) / 1000).toFixed(1);
        throw new CloudError({
          service: error.service,
          action: error.action,
          code: error.code,
          message: `${reasonOf(error)}; gave up after ${unreachableTries} failed tries in ${seconds} s: ${where(error)}`,
          errorClass: error.errorClass,
        });
      }
    }
    const key = `${error.service}:${error.action} ${error.code}`;
    const last = lastReported.get(key);
    if (last && at - last.at < REPEAT_EVERY_MS) {
      last.unreported += 1;
      return;
    }
    const more = last && last.unreported > 0 ? ` (${last.unreported} more retries since the last report)` : '';
    lastReported.set(key, { at, unreported: 0 });
    write(`retrying in ${(waitMs / 1000).toFixed(1)} s (retry ${attempt}${more}): ${error.message}`);
  };
}
