import { describe, expect, it } from 'vitest';
import { joinPath } from '../../shared/validation/field-path';
import { MAX_DEPTH, unsafeInputProblems } from '../../shared/validation/unsafe-input';
import { checkDiskId, checkRegionId, checkSnapshotId } from '../../shared/validation/ids';
import { codePointLength, utf8ByteLength, WELL_FORMED_RULE, wellFormedText } from '../../shared/validation/rules';

describe('lengths', () => {
  it('counts code points, not UTF-16 units, and UTF-8 bytes', () => {
    expect(codePointLength('快照')).toBe(2);
    expect(codePointLength('😀')).toBe(1);
    expect(utf8ByteLength('快照')).toBe(6);
  });
});

describe('ids', () => {
  it.each([
    ['aliyun-ecs', 's-1', true],
    ['aliyun-ecs', 's-bp67acfmxazb4p', true],
    ['aliyun-ecs', 'd-1', false],
    ['aliyun-ens', 'sp-1', true],
    // Both forms appear in the official samples.
    ['aliyun-ens', 's-1', true],
    ['aliyun-ens', 'snap-1', false],
    ['tencent-cbs', 'snap-1', true],
    ['tencent-cbs', 'snap-ckgjwkqh', true],
    ['tencent-cbs', 'snap-x!', false],
  ] as const)('%s snapshot %j -> valid %s', (cloud, id, valid) => {
    expect(checkSnapshotId(cloud, id) === null).toBe(valid);
  });

  it.each([
    ['aliyun-ecs', 'd-1', true],
    ['aliyun-ens', 'd-e1', true],
    ['tencent-cbs', 'disk-1', true],
    ['tencent-cbs', 'd-1', false],
    ['aliyun-ecs', 'disk-1', false],
  ] as const)('%s disk %j -> valid %s', (cloud, id, valid) => {
    expect(checkDiskId(cloud, id) === null).toBe(valid);
  });

  it.each([
    ['cn-hangzhou', true],
    ['cn-hangzhou-26', true],
    ['ap-guangzhou', true],
    ['us-east-1', true],
    ['cn', false],
    ['c-hangzhou', false],
    ['cn-', false],
    ['CN-hangzhou', false],
    [`cn-${'x'.repeat(61)}`, true], // 64 characters
    [`cn-${'x'.repeat(62)}`, false],
  ])('region %j -> valid %s', (region, valid) => {
    expect(checkRegionId(region) === null).toBe(valid);
  });
});

describe('field paths', () => {
  it('spells paths one way', () => {
    expect(joinPath(joinPath(joinPath('rules', 0), 'destinations'), 1)).toBe('rules[0].destinations[1]');
    expect(joinPath('match.tags', 'a b')).toBe('match.tags["a b"]');
    expect(joinPath('', 3)).toBe('[3]');
  });
});

describe('unsafeInputProblems', () => {
  it('finds prototype keys anywhere, by path', () => {
    const input = JSON.parse('{"a":{"__proto__":{"x":1}},"list":[{"constructor":1}],"prototype":2}') as unknown;
    expect(unsafeInputProblems(input).map((p) => p.field).sort()).toEqual(['a.__proto__', 'list[0].constructor', 'prototype']);
  });

  it('refuses input nested deeper than the limit without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const problems = unsafeInputProblems(deep);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.rule).toBe(`must not nest deeper than ${MAX_DEPTH} levels`);
  });

  it('accepts ordinary data', () => {
    expect(unsafeInputProblems({ rules: [{ name: 'x', tags: { constructorName: 'y' } }] })).toEqual([]);
  });

  it('finds lone surrogates in any string or key, by path, without echoing them', () => {
    const input = { a: ['ok', 'bad\ud800'], b: { ['k\udc00']: 'v' }, c: '😀 快照', d: '\udbff\udfff' };
    expect(unsafeInputProblems(input, 'payload')).toEqual([
      { field: 'payload.b["k\\udc00"]', rule: WELL_FORMED_RULE },
      { field: 'payload.a[1]', rule: WELL_FORMED_RULE },
    ]);
    expect(unsafeInputProblems('\ud800')).toEqual([{ field: 'input', rule: WELL_FORMED_RULE }]);
  });
});

describe('wellFormedText', () => {
  it.each([
    ['', true],
    ['plain', true],
    ['快照 😀', true],
    ['\ud83d\ude00', true],
    ['\ud83d', false],
    ['\ude00', false],
    ['a\ude00\ud83d', false],
  ])('%j -> %s', (text, fine) => {
    expect(wellFormedText(text) === null).toBe(fine);
    let encodes = true;
    try {
      encodeURIComponent(text);
    } catch {
      encodes = false;
    }
    expect(encodes).toBe(fine);
  });
});
