import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/contracts/errors';
import { parseManualRequest } from '../../shared/triggers/manual';

const copy = (extra: Record<string, unknown> = {}) => ({
  action: 'copy',
  cloud: 'aliyun-ecs',
  snapshotId: 's-1',
  sourceRegion: 'cn-hangzhou',
  destinations: [{ region: 'cn-shanghai', retentionDays: 7 }],
  ...extra,
});

function failure(input: unknown): InputError {
  try {
    parseManualRequest(input);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseManualRequest', () => {
  it('refuses a lone surrogate in any field, by path, before the schema reads it', () => {
    expect(failure(copy({ copyDescription: 'x\ud800' })).problems).toEqual([{ field: 'copyDescription', rule: expect.stringMatching(/^must be well-formed Unicode text/) }]);
    expect(failure(copy({ destinations: [{ region: 'cn-shanghai', tags: { ['\udc00']: 'v' } }] })).field).toBe('destinations[0].tags["\\udc00"]');
    expect(failure({ action: 'sweep', rules: ['ok', 'r\udbff'] }).field).toBe('rules[1]');
  });

  it('reads the documented manual payloads', () => {
    expect(parseManualRequest(copy())).toEqual(copy());
    expect(parseManualRequest({ action: 'sweep' })).toEqual({ action: 'sweep' });
    expect(parseManualRequest({ action: 'sweep', rules: ['a', 'b'], dryRun: true })).toEqual({ action: 'sweep', rules: ['a', 'b'], dryRun: true });
  });

  it('reads copies on every cloud, with every optional field', () => {
    expect(parseManualRequest(copy({ rule: 'prod-dr', copyName: 'c-{sourceId}', copyDescription: 'from {sourceRegion}', destinations: [{ region: 'cn-shanghai', encrypted: true, kmsKeyId: 'k', tags: { a: '' } }] }))).toMatchObject({ rule: 'prod-dr' });
    expect(parseManualRequest(copy({ cloud: 'aliyun-ens', snapshotId: 'sp-1', sourceRegion: 'cn-hangzhou-26', destinations: [{ region: 'cn-chengdu-26' }, { region: 'cn-beijing-15' }] }))).toMatchObject({ cloud: 'aliyun-ens' });
    expect(parseManualRequest(copy({ cloud: 'tencent-cbs', snapshotId: 'snap-1', sourceRegion: 'ap-guangzhou', destinations: [{ region: 'ap-beijing' }] }))).toMatchObject({ cloud: 'tencent-cbs' });
  });

  it.each<[string, unknown, string, string]>([
    ['not an object', 'copy', 'input', 'must be an object'],
    ['no action', {}, 'action', 'must be "copy" or "sweep"'],
    ['an unknown action', { action: 'delete' }, 'action', 'must be "copy" or "sweep"'],
    ['an unknown cloud', copy({ cloud: 'aws' }), 'cloud', 'must be one of aliyun-ecs, aliyun-ens, tencent-cbs'],
    ['a missing snapshotId', JSON.parse(JSON.stringify(copy({ snapshotId: undefined }))), 'snapshotId', 'is required'],
    ['a snapshotId of another cloud', copy({ snapshotId: 'sp-1' }), 'snapshotId', 'must be an aliyun-ecs snapshot id: "s-" followed by letters and digits'],
    ['an oversized snapshotId', copy({ snapshotId: `s-${'a'.repeat(1100)}` }), 'snapshotId', 'must be at most 64 characters'],
    ['a snapshotId of the wrong type', copy({ snapshotId: 1 }), 'snapshotId', 'must be a string'],
    ['a bad sourceRegion', copy({ sourceRegion: 'here' }), 'sourceRegion', 'must be a region id such as cn-hangzhou (lower-case letters, digits and "-")'],
    ['no destinations', copy({ destinations: [] }), 'destinations', 'must not be empty'],
    ['destinations not a list', copy({ destinations: { region: 'cn-shanghai' } }), 'destinations', 'must be a list'],
    ['101 destinations', copy({ destinations: Array.from({ length: 101 }, (_, i) => ({ region: `cn-r${i}` })) }), 'destinations', 'must have at most 100 entries'],
    ['a same-region destination', copy({ destinations: [{ region: 'cn-hangzhou' }] }), 'destinations[0].region', 'must differ from the source region (a copy never stays in its own region)'],
    ['a repeated destination', copy({ destinations: [{ region: 'cn-shanghai' }, { region: 'cn-shanghai' }] }), 'destinations[1].region', 'must not repeat entry [0]'],
    ['a bad retention', copy({ destinations: [{ region: 'cn-shanghai', retentionDays: 0 }] }), 'destinations[0].retentionDays', 'must be an integer from 1 to 65536'],
    ['a KMS key without encryption', copy({ destinations: [{ region: 'cn-shanghai', kmsKeyId: 'k' }] }), 'destinations[0].kmsKeyId', 'is allowed only when encrypted is true'],
    ['tags on ENS', copy({ cloud: 'aliyun-ens', snapshotId: 'sp-1', sourceRegion: 'cn-hangzhou-26', destinations: [{ region: 'cn-chengdu-26', tags: { a: 'b' } }] }), 'destinations[0].tags', 'is supported only by aliyun-ecs'],
    ['a KMS key on CBS', copy({ cloud: 'tencent-cbs', snapshotId: 'snap-1', sourceRegion: 'ap-guangzhou', destinations: [{ region: 'ap-beijing', kmsKeyId: 'k' }] }), 'destinations[0].kmsKeyId', 'is supported only by aliyun-ecs'],
    ['an unknown destination field', copy({ destinations: [{ region: 'cn-shanghai', retention: 7 }] }), 'destinations[0].retention', 'is not a known field'],
    ['an unknown top-level field', copy({ dryrun: true }), 'dryrun', 'is not a known field'],
    ['a bad rule name', copy({ rule: 'a b' }), 'rule', 'must start with a letter and be at most 40 letters, digits, "_" or "-"'],
    ['a CBS name without lineage', copy({ cloud: 'tencent-cbs', snapshotId: 'snap-1', sourceRegion: 'ap-guangzhou', destinations: [{ region: 'ap-beijing' }], copyName: 'copy' }), 'copyName', "must contain {rule}, {sourceId}, {sourceRegion} on tencent-cbs (the copy's name is the only record of where it came from)"],
    ['sweep rules not a list', { action: 'sweep', rules: 'a' }, 'rules', 'must be a list'],
    ['sweep with copy fields', { action: 'sweep', cloud: 'aliyun-ecs' }, 'cloud', 'is not a known field'],
  ])('refuses %s', (_label, input, field, rule) => {
    const error = failure(input);
    expect(error.code).toBe('InvalidInput');
    expect(error.problems.map((p) => [p.field, p.rule])).toContainEqual([field, rule]);
    expect(error.field).toBe(field);
  });

  it('prefixes paths with the base it is given', () => {
    try {
      parseManualRequest({ action: 'sweep', dryRun: 1 }, 'payload');
      expect.unreachable();
    } catch (error) {
      expect((error as InputError).field).toBe('payload.dryRun');
    }
  });
});
