import { describe, expect, it } from 'vitest';
import { type CbsCopyParams, validateCbsCopy } from '../../shared/validation/cbs-copy';

const base: CbsCopyParams = { snapshotId: 'snap-1', sourceRegion: 'ap-guangzhou', destinationRegions: ['ap-beijing'] };

describe('validateCbsCopy', () => {
  it('accepts the minimal call and a real-looking id', () => {
    expect(validateCbsCopy(base)).toEqual([]);
    expect(validateCbsCopy({ ...base, snapshotId: 'snap-ckgjwkqh', destinationRegions: ['ap-beijing', 'na-siliconvalley'] })).toEqual([]);
  });

  describe('SnapshotName (1-60 bytes of UTF-8)', () => {
    it.each([
      ['', false],
      ['a', true],
      ['a'.repeat(60), true],
      ['a'.repeat(61), false],
      ['快'.repeat(20), true], // 60 bytes
      ['快'.repeat(21), false], // 63 bytes
      ['Copied snap-ckgjwkqh from ap-guangzhou', true],
    ])('%j -> valid %s', (name, valid) => {
      const problems = validateCbsCopy({ ...base, name });
      if (valid) expect(problems).toEqual([]);
      else expect(problems).toEqual([{ field: 'SnapshotName', rule: 'must be 1-60 bytes (UTF-8)', value: name }]);
    });
  });

  it.each([
    [{ snapshotId: 's-1' }, 'SnapshotId'],
    [{ snapshotId: `snap-${'a'.repeat(20)}` }, 'SnapshotId'],
    [{ sourceRegion: 'Guangzhou' }, 'Region'],
    [{ destinationRegions: [] }, 'DestinationRegions'],
    [{ destinationRegions: ['ap-guangzhou'] }, 'DestinationRegions[0]'],
    [{ destinationRegions: ['ap-beijing', 'ap-beijing'] }, 'DestinationRegions[1]'],
    [{ destinationRegions: ['ap beijing'] }, 'DestinationRegions[0]'],
  ])('%j is refused on %s', (extra, field) => {
    expect(validateCbsCopy({ ...base, ...extra }).map((p) => p.field)).toEqual([field]);
  });

  it('names the source region when a destination equals it', () => {
    expect(validateCbsCopy({ ...base, destinationRegions: ['ap-guangzhou'] })[0]?.rule).toBe('must differ from the source region');
  });
});
