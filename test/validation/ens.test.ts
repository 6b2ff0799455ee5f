import { describe, expect, it } from 'vitest';
import { type EnsCopyParams, type EnsCreateSnapshotParams, validateEnsCopy, validateEnsCreateSnapshot } from '../../shared/validation/ens';

const copy: EnsCopyParams = { snapshotId: 'sp-1', sourceRegion: 'cn-hangzhou-26', destinationRegionIds: ['cn-chengdu-26'] };
const create: EnsCreateSnapshotParams = { diskId: 'd-e1', ensRegionId: 'cn-hangzhou-26' };

describe('validateEnsCopy', () => {
  it('accepts the minimal call', () => {
    expect(validateEnsCopy(copy)).toEqual([]);
    expect(validateEnsCopy({ ...copy, destinationRegionIds: ['cn-chengdu-26', 'cn-beijing-15'] })).toEqual([]);
  });

  it.each([
    [{ destinationRegionIds: [] }, 'DestinationRegionIds', 'must name at least one destination'],
    [{ destinationRegionIds: ['cn-chengdu-26', 'cn-chengdu-26'] }, 'DestinationRegionIds[1]', 'must not repeat an earlier destination'],
    [{ destinationRegionIds: ['cn-hangzhou-26'] }, 'DestinationRegionIds[0]', 'must differ from the source node'],
    [{ destinationRegionIds: ['CN-CHENGDU'] }, 'DestinationRegionIds[0]', 'must be a region id such as cn-hangzhou (lower-case letters, digits and "-")'],
    [{ snapshotId: 'snap-1' }, 'SnapshotId', 'must be an aliyun-ens snapshot id: "sp-" or "s-" followed by letters and digits'],
    [{ sourceRegion: 'nowhere' }, 'sourceRegion', 'must be a region id such as cn-hangzhou (lower-case letters, digits and "-")'],
  ])('%j -> %s', (extra, field, rule) => {
    const problems = validateEnsCopy({ ...copy, ...extra });
    expect(problems.map((p) => [p.field, p.rule])).toEqual([[field, rule]]);
  });

  it('refuses more than 100 destinations as one problem', () => {
    const many = Array.from({ length: 101 }, (_, i) => `cn-node-${i}`);
    expect(validateEnsCopy({ ...copy, destinationRegionIds: many })).toEqual([
      { field: 'DestinationRegionIds', rule: 'must name at most 100 destinations', value: 101 },
    ]);
  });

  describe('DestinationSnapshotName (2-128, letter or Chinese first, no http(s)://)', () => {
    it.each([
      ['a', false],
      ['ab', true],
      ['a'.repeat(128), true],
      ['a'.repeat(129), false],
      ['快照备份', true],
      ['srep:rule:sp-1:cn-hangzhou-26', true],
      ['9lives', false],
      ['http://x', false],
      ['https://x', false],
    ])('%j -> valid %s', (name, valid) => {
      expect(validateEnsCopy({ ...copy, name }).map((p) => p.field)).toEqual(valid ? [] : ['DestinationSnapshotName']);
    });
  });

  describe('DestinationSnapshotDescription (2-256, no http(s):// start)', () => {
    it.each([
      ['x', false],
      ['xy', true],
      ['d'.repeat(256), true],
      ['d'.repeat(257), false],
      ['https://x', false],
    ])('%j -> valid %s', (description, valid) => {
      expect(validateEnsCopy({ ...copy, description }).map((p) => p.field)).toEqual(valid ? [] : ['DestinationSnapshotDescription']);
    });
  });
});

describe('validateEnsCreateSnapshot', () => {
  it('accepts the minimal call', () => {
    expect(validateEnsCreateSnapshot(create)).toEqual([]);
  });

  describe('SnapshotName (2-128, letter first, letters digits : _ -, no http(s)://)', () => {
    it.each([
      ['a', false, 'must be 2-128 characters'],
      ['ab', true, ''],
      ['a'.repeat(128), true, ''],
      ['a'.repeat(129), false, 'must be 2-128 characters'],
      ['srep-rule:d-e1_20240101', true, ''],
      ['1abc', false, 'must start with a letter'],
      ['快照备份', false, 'must start with a letter'],
      ['name.with.dots', false, "may contain only letters, digits, ':', '_' and '-' (found \".\")"],
      ['http://x', false, 'must not start with http:// or https://'],
    ])('%j -> valid %s', (name, valid, rule) => {
      const problems = validateEnsCreateSnapshot({ ...create, name });
      if (valid) expect(problems).toEqual([]);
      else expect(problems).toEqual([{ field: 'SnapshotName', rule, value: name }]);
    });
  });

  it.each([
    [{ description: 'x' }, 'Description'],
    [{ description: 'd'.repeat(257) }, 'Description'],
    [{ description: 'http://x' }, 'Description'],
    [{ diskId: 'disk-1' }, 'DiskId'],
    [{ ensRegionId: '' }, 'EnsRegionId'],
  ])('%j is refused on %s', (extra, field) => {
    expect(validateEnsCreateSnapshot({ ...create, ...extra }).map((p) => p.field)).toEqual([field]);
  });
});
