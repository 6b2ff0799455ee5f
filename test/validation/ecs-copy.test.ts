import { describe, expect, it } from 'vitest';
import { type EcsCopyParams, validateEcsCopy } from '../../shared/validation/ecs-copy';

const base: EcsCopyParams = { regionId: 'cn-hangzhou', snapshotId: 's-1', destinationRegionId: 'cn-shanghai' };

function problemsOf(extra: Partial<EcsCopyParams>) {
  return validateEcsCopy({ ...base, ...extra });
}

/** The fields with problems, for tables that only care which field is refused. */
function fieldsOf(extra: Partial<EcsCopyParams>): string[] {
  return problemsOf(extra).map((p) => p.field);
}

describe('validateEcsCopy', () => {
  it('accepts the minimal call and the seed ids', () => {
    expect(validateEcsCopy(base)).toEqual([]);
    expect(problemsOf({ snapshotId: 's-bp67acfmxazb4p1234' })).toEqual([]);
  });

  describe('DestinationSnapshotName (2-128, letter or Chinese first, no http(s)://, letters digits : _ . -)', () => {
    it.each([
      ['a', false, 'must be 2-128 characters'],
      ['ab', true, ''],
      ['a'.repeat(128), true, ''],
      ['a'.repeat(129), false, 'must be 2-128 characters'],
      ['快照备份', true, ''],
      ['快'.repeat(128), true, ''],
      ['快'.repeat(129), false, 'must be 2-128 characters'],
      ['Ünïcode-name', true, ''],
      ['name:with_all.allowed-chars9', true, ''],
      ['1abc', false, 'must start with a letter or a Chinese character'],
      ['_abc', false, 'must start with a letter or a Chinese character'],
      ['http://example', false, 'must not start with http:// or https://'],
      ['https://example', false, 'must not start with http:// or https://'],
      ['with space', false, "may contain only letters (Chinese included), digits, ':', '_', '.' and '-' (found \" \")"],
      ['slash/name', false, "may contain only letters (Chinese included), digits, ':', '_', '.' and '-' (found \"/\")"],
    ])('%j -> valid %s', (name, valid, rule) => {
      const problems = problemsOf({ name });
      if (valid) expect(problems).toEqual([]);
      else expect(problems).toEqual([{ field: 'DestinationSnapshotName', rule, value: name }]);
    });
  });

  describe('DestinationSnapshotDescription (2-256, no http(s):// start)', () => {
    it.each([
      ['x', false],
      ['xy', true],
      ['d'.repeat(256), true],
      ['d'.repeat(257), false],
      ['描述', true],
      ['http://x', false],
      ['see http://x inside', true],
    ])('%j -> valid %s', (description, valid) => {
      expect(fieldsOf({ description })).toEqual(valid ? [] : ['DestinationSnapshotDescription']);
    });
  });

  describe('RetentionDays (integer 1-65536)', () => {
    it.each([
      [0, false],
      [1, true],
      [65536, true],
      [65537, false],
      [1.5, false],
      [-1, false],
      [Number.NaN, false],
    ])('%s -> valid %s', (retentionDays, valid) => {
      const problems = problemsOf({ retentionDays });
      if (valid) expect(problems).toEqual([]);
      else expect(problems).toEqual([{ field: 'RetentionDays', rule: 'must be an integer from 1 to 65536', value: retentionDays }]);
    });
  });

  describe('Tag.N', () => {
    const tags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, `v${i}`]));

    it('accepts 20 tags and refuses 21', () => {
      expect(problemsOf({ tags: tags(20) })).toEqual([]);
      expect(problemsOf({ tags: tags(21) })).toEqual([{ field: 'Tag', rule: 'must have at most 20 tags', value: 21 }]);
    });

    it.each([
      [{ key: '', value: 'v' }, 'Tag.1.Key', 'must not be empty'],
      [{ key: 'k'.repeat(129), value: 'v' }, 'Tag.1.Key', 'must be at most 128 characters'],
      [{ key: 'aliyunTeam', value: 'v' }, 'Tag.1.Key', 'must not start with aliyun or acs:'],
      [{ key: 'acs:team', value: 'v' }, 'Tag.1.Key', 'must not start with aliyun or acs:'],
      [{ key: 'see-http://x', value: 'v' }, 'Tag.1.Key', 'must not contain http:// or https://'],
      [{ key: 'k', value: 'v'.repeat(129) }, 'Tag.1.Value', 'must be at most 128 characters'],
      [{ key: 'k', value: 'aliyun-x' }, 'Tag.1.Value', 'must not start with aliyun or acs:'],
      [{ key: 'k', value: 'acs:x' }, 'Tag.1.Value', 'must not start with aliyun or acs:'],
      [{ key: 'k', value: 'https://x' }, 'Tag.1.Value', 'must not contain http:// or https://'],
    ])('%j -> %s %s', (tag, field, rule) => {
      expect(problemsOf({ tags: [tag] })).toEqual([{ field, rule, value: field.endsWith('Key') ? tag.key : tag.value }]);
    });

    it('accepts an empty value, 128-character keys and values, and a key that only contains "aliyun"', () => {
      expect(problemsOf({ tags: { backup: '' } })).toEqual([]);
      expect(problemsOf({ tags: { ['k'.repeat(128)]: 'v'.repeat(128) } })).toEqual([]);
      expect(problemsOf({ tags: { 'my-aliyun': 'x' } })).toEqual([]);
    });

    it('refuses a repeated key and names both entries', () => {
      expect(problemsOf({ tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'a', value: '3' }] })).toEqual([
        { field: 'Tag.3.Key', rule: 'must not repeat Tag.1.Key', value: 'a' },
      ]);
    });
  });

  describe('Encrypted and KMSKeyId', () => {
    it('needs Encrypted=true for a KMS key', () => {
      expect(problemsOf({ kmsKeyId: 'key-1' })).toEqual([{ field: 'KMSKeyId', rule: 'is allowed only when Encrypted is true', value: 'key-1' }]);
      expect(problemsOf({ kmsKeyId: 'key-1', encrypted: false })).toHaveLength(1);
      expect(problemsOf({ kmsKeyId: 'key-1', encrypted: true })).toEqual([]);
      expect(problemsOf({ encrypted: true })).toEqual([]);
    });

    it('accepts a 64-character key and refuses 65', () => {
      expect(problemsOf({ kmsKeyId: 'k'.repeat(64), encrypted: true })).toEqual([]);
      expect(fieldsOf({ kmsKeyId: 'k'.repeat(65), encrypted: true })).toEqual(['KMSKeyId']);
    });
  });

  describe('ClientToken (ASCII, <= 64)', () => {
    it.each([
      ['123e4567-e89b-12d3-a456-426655440000', true],
      ['t'.repeat(64), true],
      ['t'.repeat(65), false],
      ['令牌', false],
      ['token-é', false],
      ['', false],
    ])('%j -> valid %s', (clientToken, valid) => {
      expect(fieldsOf({ clientToken })).toEqual(valid ? [] : ['ClientToken']);
    });

    it('names the ASCII rule', () => {
      expect(problemsOf({ clientToken: '令牌' })[0]?.rule).toBe('must contain only ASCII characters');
    });
  });

  describe('regions and ids', () => {
    it('refuses a same-region copy', () => {
      expect(problemsOf({ destinationRegionId: 'cn-hangzhou' })).toEqual([
        { field: 'DestinationRegionId', rule: 'must differ from RegionId (ECS does not copy within a region)', value: 'cn-hangzhou' },
      ]);
    });

    it.each([
      [{ regionId: 'Hangzhou' }, 'RegionId'],
      [{ regionId: 'cn' }, 'RegionId'],
      [{ regionId: `cn-${'a'.repeat(62)}` }, 'RegionId'],
      [{ destinationRegionId: 'cn_shanghai' }, 'DestinationRegionId'],
      [{ snapshotId: 'sp-1' }, 'SnapshotId'],
      [{ snapshotId: 'snap-1' }, 'SnapshotId'],
      [{ snapshotId: 's-' }, 'SnapshotId'],
      [{ snapshotId: `s-${'a'.repeat(63)}` }, 'SnapshotId'],
      [{ snapshotId: 's-1'.padEnd(2000, 'x') }, 'SnapshotId'],
    ])('%j is refused on %s', (extra, field) => {
      expect(fieldsOf(extra)).toEqual([field]);
    });

    it('accepts a 64-character snapshot id', () => {
      expect(problemsOf({ snapshotId: `s-${'a'.repeat(62)}` })).toEqual([]);
    });
  });

  it('reports every problem at once', () => {
    expect(fieldsOf({ snapshotId: 'x', name: 'a', retentionDays: 0, kmsKeyId: 'k', clientToken: 'é' })).toEqual([
      'SnapshotId',
      'DestinationSnapshotName',
      'RetentionDays',
      'KMSKeyId',
      'ClientToken',
    ]);
  });
});
