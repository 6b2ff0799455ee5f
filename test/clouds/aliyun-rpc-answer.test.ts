/** pop-core parses answers with json-bigint; the adapters must see plain data either way. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { plainAnswer } from '../../shared/clouds/aliyun-rpc';

// json-bigint ships no types; this is the parser pop-core itself requires.
const require = createRequire(import.meta.url);
const jsonBigint = require('json-bigint') as () => { parse(text: string): unknown };
const TEXT = '{"RequestId":"r-1","TotalCount":2,"Snapshots":{"Snapshot":[{"SnapshotId":"s-1","SourceDiskSize":12345678901234567890}]}}';

describe('plainAnswer', () => {
  it('turns json-bigint\'s objects and big numbers into plain data', () => {
    const parsed = jsonBigint().parse(TEXT) as { Snapshots: object };
    expect(Object.getPrototypeOf(parsed)).not.toBe(Object.prototype);
    const answer = plainAnswer<{ Snapshots: { Snapshot: Array<Record<string, unknown>> } }>(parsed);
    expect(Object.getPrototypeOf(answer)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(answer.Snapshots.Snapshot[0])).toBe(Object.prototype);
    expect(answer.Snapshots.Snapshot[0]?.SourceDiskSize).toBe('12345678901234567890');
  });

  it('passes an answer that is plain already through as it is, without copying it', () => {
    const parsed: unknown = JSON.parse(TEXT.replace('12345678901234567890', '40'));
    expect(plainAnswer(parsed)).toBe(parsed);
  });
});
