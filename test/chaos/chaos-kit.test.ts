/** The chaos kit holds handlers to their contract: a refused or crashed invocation is never counted as delivered. */
import { describe, expect, it } from 'vitest';
import { invokeLikePlatform } from './chaos-kit';

class RetryableFailure extends Error {
  override readonly name = 'RetryableFailure';
}

const answering = (answer: Record<string, unknown>) => async (): Promise<Record<string, unknown>> => answer;
const throwing = (error: unknown) => async (): Promise<Record<string, unknown>> => {
  throw error;
};

describe('invokeLikePlatform', () => {
  it('hands back an ok answer for the trigger it was given', async () => {
    const answer = { ok: true, trigger: 'timer', results: [] };
    expect(await invokeLikePlatform(answering(answer), {}, {}, 'timer')).toEqual({ retried: false, answer });
  });

  it('counts a RetryableFailure of an event as the platform retrying it', async () => {
    expect(await invokeLikePlatform(throwing(new RetryableFailure('deferred')), {}, {}, 'event')).toEqual({ retried: true });
  });

  it.each([
    ['an ok: false answer of an event', answering({ ok: false, trigger: 'event', results: [], error: { code: 'InvalidInput', field: 'source' } }), 'event', /answered ok: false.*InvalidInput/],
    ['an ok: false answer of a timer', answering({ ok: false, trigger: 'timer', results: [], error: { code: 'Throttling' } }), 'timer', /answered ok: false/],
    ['an answer without ok', answering({ trigger: 'event', results: [] }), 'event', /answered ok: undefined/],
    ['an event read as something else', answering({ ok: true, trigger: 'manual', results: [] }), 'event', /read as manual/],
    ['a RetryableFailure of a timer', throwing(new RetryableFailure('deferred')), 'timer', /timer invocation threw \(RetryableFailure/],
    ['any other throw of an event', throwing(new TypeError('x is undefined')), 'event', /event invocation threw \(TypeError/],
    ['a thrown non-error', throwing('boom'), 'event', /threw \(boom\)/],
  ] as const)('fails the test on %s', async (_what, handler, trigger, message) => {
    await expect(invokeLikePlatform(handler, {}, {}, trigger)).rejects.toThrow(message);
  });
});
