import { describe, expect, it } from 'vitest';
import { retryReporter, UNREACHABLE_GIVE_UP_MS } from '../../cli/retry-report';
import { CloudError } from '../../shared/contracts/errors';

function error(code: string, service: 'ecs' | 'cbs' = 'ecs'): CloudError {
  return new CloudError({ service, action: 'DescribeSnapshots', code, message: 'the service says why', errorClass: code.startsWith('Throttling') ? 'throttled' : 'transient' });
}

function reporter() {
  let now = 1_000_000;
  const lines: string[] = [];
  const onRetry = retryReporter({ write: (l) => void lines.push(l), now: () => now });
  return { onRetry, lines, advance: (ms: number) => void (now += ms) };
}

describe('retryReporter', () => {
  it('says why and when each retry comes, one line per reason at most every few seconds', () => {
    const r = reporter();
    r.onRetry({ error: error('Throttling.User'), attempt: 1, waitMs: 150 });
    r.advance(150);
    r.onRetry({ error: error('Throttling.User'), attempt: 2, waitMs: 350 });
    r.onRetry({ error: error('ServiceUnavailable'), attempt: 1, waitMs: 90 });
    r.advance(6_000);
    r.onRetry({ error: error('Throttling.User'), attempt: 3, waitMs: 1_200 });
    expect(r.lines).toEqual([
      'retrying in 0.1 s (retry 1): ecs:DescribeSnapshots Throttling.User: the service says why',
      'retrying in 0.1 s (retry 1): ecs:DescribeSnapshots ServiceUnavailable: the service says why',
      'retrying in 1.2 s (retry 3 (1 more retries since the last report)): ecs:DescribeSnapshots Throttling.User: the service says why',
    ]);
  });

  it('gives up on an endpoint that cannot be reached once a retry would come after the limit', () => {
    const r = reporter();
    r.onRetry({ error: error('NetworkError.ConnectionRefused', 'cbs'), attempt: 1, waitMs: 200 });
    r.advance(UNREACHABLE_GIVE_UP_MS - 1_000);
    // 4 s after the first refusal, a retry 0.9 s later is still inside the limit; one 1.2 s later is not.
    r.onRetry({ error: error('NetworkError.ConnectionRefused', 'cbs'), attempt: 2, waitMs: 900 });
    let thrown: unknown;
    try {
      r.onRetry({ error: error('NetworkError.ConnectionRefused', 'cbs'), attempt: 3, waitMs: 1_200 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CloudError);
    expect(thrown).toMatchObject({ code: 'NetworkError.ConnectionRefused', service: 'cbs', errorClass: 'transient' });
    expect((thrown as CloudError).message).toBe(
      'cbs:DescribeSnapshots NetworkError.ConnectionRefused: the service says why; gave up after 3 failed tries in 4.0 s: check TENCENT_CBS_ENDPOINT (unset means the public endpoint) and the network',
    );
  });

  it('never gives up on throttling or timeouts by itself: --timeout does', () => {
    const r = reporter();
    for (let attempt = 1; attempt < 20; attempt++) {
      r.advance(10_000);
      expect(() => r.onRetry({ error: error(attempt % 2 ? 'Throttling.User' : 'Timeout'), attempt, waitMs: 10_000 })).not.toThrow();
    }
  });
});
