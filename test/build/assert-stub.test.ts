/** The bundles' stand-in for Node's assert must fail the way pop-core's config checks expect. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const assert = require('../../scripts/stubs/assert.cjs') as ((value: unknown, message?: string | Error) => void) & { ok: unknown };
const nodeAssert = require('node:assert') as (value: unknown, message?: string | Error) => void;

function thrown(fn: () => void): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('did not throw');
}

describe('the assert stub', () => {
  it('passes a truthy value', () => {
    expect(() => assert('https://ecs.aliyuncs.com', 'must pass "config.endpoint"')).not.toThrow();
  });

  it.each([[undefined, 'must pass "config.endpoint"'], [0, 'must pass "config.apiVersion"']])('throws as Node does for %j, with the message given', (value, message) => {
    const ours = thrown(() => assert(value, message));
    const node = thrown(() => nodeAssert(value, message));
    expect({ name: ours.name, code: ours.code, message: ours.message }).toEqual({ name: node.name, code: node.code, message: node.message });
  });

  it('throws an AssertionError without a message (Node quotes the source line; the stub says what failed)', () => {
    const ours = thrown(() => assert(''));
    const node = thrown(() => nodeAssert(''));
    expect({ name: ours.name, code: ours.code }).toEqual({ name: node.name, code: node.code });
    expect(ours.message).toBe('The expression evaluated to a falsy value');
  });

  it('throws an Error given as the message, as Node does', () => {
    const given = new Error('given');
    expect(thrown(() => assert(false, given))).toBe(given);
    expect(assert.ok).toBe(assert);
  });
});
