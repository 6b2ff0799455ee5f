import { describe, expect, it } from 'vitest';
import { type FieldProblem, InputError } from '../../shared/contracts/errors';
import { loadPolicy, parsePolicy } from '../../shared/policy/load';

/** The smallest policy README.md documents. */
const CONTRACT_POLICY = {
  rules: [
    {
      name: 'prod-dr',
      cloud: 'aliyun-ecs',
      sourceRegions: ['cn-hangzhou'],
      match: { tags: { backup: 'dr' }, diskIds: ['d-1'] },
      destinations: [{ region: 'cn-shanghai', retentionDays: 30 }],
    },
  ],
};

const ecsRule = (extra: Record<string, unknown> = {}) => ({
  name: 'r',
  cloud: 'aliyun-ecs',
  sourceRegions: ['cn-hangzhou'],
  destinations: [{ region: 'cn-shanghai' }],
  ...extra,
});
const ensRule = (extra: Record<string, unknown> = {}) => ({
  name: 'edge',
  cloud: 'aliyun-ens',
  sourceRegions: ['cn-hangzhou-26'],
  destinations: [{ region: 'cn-chengdu-26' }],
  ...extra,
});
const cbsRule = (extra: Record<string, unknown> = {}) => ({
  name: 'tc',
  cloud: 'tencent-cbs',
  sourceRegions: ['ap-guangzhou'],
  destinations: [{ region: 'ap-beijing' }],
  ...extra,
});

function problemsOf(input: unknown): FieldProblem[] {
  try {
    parsePolicy(input);
  } catch (error) {
    if (error instanceof InputError) {
      expect(error.code).toBe('InvalidPolicy');
      return error.problems;
    }
    throw error;
  }
  return [];
}

function fieldsOf(input: unknown): string[] {
  return problemsOf(input).map((p) => p.field);
}

describe('parsePolicy: valid policies', () => {
  it('parses the contract policy and fills the defaults', () => {
    expect(parsePolicy(CONTRACT_POLICY)).toEqual({
      rules: [{ ...CONTRACT_POLICY.rules[0], copyName: 'srep:{rule}:{sourceId}:{sourceRegion}', copyDescription: 'Copy of {sourceId} from {sourceRegion}' }],
    });
  });

  it('fills match and the per-cloud default copy names', () => {
    const policy = parsePolicy({ rules: [ecsRule(), ensRule(), cbsRule()] });
    expect(policy.rules.map((r) => r.match)).toEqual([{}, {}, {}]);
    expect(policy.rules.map((r) => r.copyName)).toEqual([
      'srep:{rule}:{sourceId}:{sourceRegion}',
      'srep:{rule}:{sourceId}:{sourceRegion}',
      'srep:{rule}:{sourceId}:{sourceRegion}',
    ]);
    // ECS always sends a description (an older CopySnapshot page requires one); ENS and CBS get none.
    expect(policy.rules.map((r) => r.copyDescription)).toEqual(['Copy of {sourceId} from {sourceRegion}', undefined, undefined]);
  });

  it('does not share the default match object between rules', () => {
    const policy = parsePolicy({ rules: [ecsRule(), ecsRule({ name: 'r2' })] });
    expect(policy.rules[0]?.match).not.toBe(policy.rules[1]?.match);
  });

  it('accepts every optional field where its cloud supports it', () => {
    const policy = parsePolicy({
      rules: [
        ecsRule({
          match: { tags: { env: 'prod' }, diskIds: ['d-1', 'd-2'], namePattern: 'prod-*', snapshotTypes: ['user', 'timer'], maxAgeHours: 0.5 },
          destinations: [
            { region: 'cn-shanghai', retentionDays: 7, encrypted: true, kmsKeyId: 'key-1', tags: { copy: '' } },
            { region: 'cn-beijing', retentionDays: 65536 },
          ],
          copyName: 'copy:{rule}:{sourceId}:{date}',
          copyDescription: 'Copy of {sourceId} ({sourceName}) from {sourceRegion}',
        }),
        ensRule({ createSnapshots: { diskIds: ['d-e1'], intervalHours: 24 }, destinations: [{ region: 'cn-chengdu-26', retentionDays: 3 }] }),
        cbsRule({ copyName: 'srep {rule} {sourceId} {sourceRegion}', destinations: [{ region: 'ap-beijing', retentionDays: 14 }] }),
      ],
    });
    expect(policy.rules).toHaveLength(3);
    expect(policy.rules[1]?.createSnapshots).toEqual({ diskIds: ['d-e1'], intervalHours: 24 });
  });

  it('loads from the environment variable text', () => {
    expect(loadPolicy(JSON.stringify(CONTRACT_POLICY)).rules[0]?.name).toBe('prod-dr');
  });
});

describe('parsePolicy: each invalid field is reported by its path', () => {
  it.each<[string, unknown, string, string]>([
    ['not an object', [], 'input', 'must be an object'],
    ['no rules', {}, 'rules', 'is required'],
    ['empty rules', { rules: [] }, 'rules', 'must not be empty'],
    ['rules not a list', { rules: {} }, 'rules', 'must be a list'],
    ['a rule not an object', { rules: ['x'] }, 'rules[0]', 'must be an object'],
    ['bad name', { rules: [ecsRule({ name: '1st' })] }, 'rules[0].name', 'must start with a letter and be at most 40 letters, digits, "_" or "-"'],
    ['long name', { rules: [ecsRule({ name: 'a'.repeat(41) })] }, 'rules[0].name', 'must start with a letter and be at most 40 letters, digits, "_" or "-"'],
    ['unknown cloud', { rules: [ecsRule({ cloud: 'gcp' })] }, 'rules[0].cloud', 'must be one of aliyun-ecs, aliyun-ens, tencent-cbs'],
    ['missing cloud', { rules: [{ name: 'x' }] }, 'rules[0].cloud', 'must be one of aliyun-ecs, aliyun-ens, tencent-cbs'],
    ['empty sourceRegions', { rules: [ecsRule({ sourceRegions: [] })] }, 'rules[0].sourceRegions', 'must not be empty'],
    ['bad source region', { rules: [ecsRule({ sourceRegions: ['Hangzhou'] })] }, 'rules[0].sourceRegions[0]', 'must be a region id such as cn-hangzhou (lower-case letters, digits and "-")'],
    ['repeated source region', { rules: [ecsRule({ sourceRegions: ['cn-hangzhou', 'cn-hangzhou'] })] }, 'rules[0].sourceRegions[1]', 'must not repeat entry [0]'],
    ['match as a list', { rules: [ecsRule({ match: [] })] }, 'rules[0].match', 'must be an object'],
    ['21 match tags', { rules: [ecsRule({ match: { tags: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) } })] }, 'rules[0].match.tags', 'must have at most 20 tags'],
    ['aliyun tag key', { rules: [ecsRule({ match: { tags: { 'aliyun:x': 'v' } } })] }, 'rules[0].match.tags["aliyun:x"]', 'must not start with aliyun or acs:'],
    ['acs: tag value', { rules: [ecsRule({ match: { tags: { k: 'acs:v' } } })] }, 'rules[0].match.tags.k', 'must not start with aliyun or acs:'],
    ['empty tag key', { rules: [ecsRule({ match: { tags: { '': 'v' } } })] }, 'rules[0].match.tags[""]', 'must not be empty'],
    ['disk of another cloud', { rules: [ecsRule({ match: { diskIds: ['disk-1'] } })] }, 'rules[0].match.diskIds[0]', 'must be an aliyun-ecs disk id: "d-" followed by letters and digits'],
    ['long name pattern', { rules: [ecsRule({ match: { namePattern: 'x'.repeat(129) } })] }, 'rules[0].match.namePattern', 'must be 1-128 characters'],
    ['copied snapshot type', { rules: [ecsRule({ match: { snapshotTypes: ['copied'] } })] }, 'rules[0].match.snapshotTypes[0]', 'must not be "copied": copies are never sources'],
    ['unknown snapshot type', { rules: [ecsRule({ match: { snapshotTypes: ['auto'] } })] }, 'rules[0].match.snapshotTypes[0]', 'must be one of user, timer, imported'],
    ['snapshot types off ECS', { rules: [cbsRule({ match: { snapshotTypes: ['user'] } })] }, 'rules[0].match.snapshotTypes', 'is supported only by aliyun-ecs'],
    ['zero max age', { rules: [ecsRule({ match: { maxAgeHours: 0 } })] }, 'rules[0].match.maxAgeHours', 'must be a number greater than 0'],
    ['no destinations', { rules: [ecsRule({ destinations: [] })] }, 'rules[0].destinations', 'must not be empty'],
    ['101 destinations', { rules: [ecsRule({ destinations: Array.from({ length: 101 }, (_, i) => ({ region: `cn-r${i}` })) })] }, 'rules[0].destinations', 'must have at most 100 entries'],
    ['repeated destination', { rules: [ecsRule({ destinations: [{ region: 'cn-shanghai' }, { region: 'cn-shanghai' }] })] }, 'rules[0].destinations[1].region', 'must not repeat entry [0]'],
    ['destination is a source', { rules: [ecsRule({ destinations: [{ region: 'cn-hangzhou' }] })] }, 'rules[0].destinations[0].region', 'must differ from the source region (a copy never stays in its own region)'],
    ['retention 0', { rules: [ecsRule({ destinations: [{ region: 'cn-shanghai', retentionDays: 0 }] })] }, 'rules[0].destinations[0].retentionDays', 'must be an integer from 1 to 65536'],
    ['retention 65537', { rules: [ecsRule({ destinations: [{ region: 'cn-shanghai', retentionDays: 65537 }] })] }, 'rules[0].destinations[0].retentionDays', 'must be an integer from 1 to 65536'],
    ['retention 1.5', { rules: [ecsRule({ destinations: [{ region: 'cn-shanghai', retentionDays: 1.5 }] })] }, 'rules[0].destinations[0].retentionDays', 'must be an integer from 1 to 65536'],
    ['retention as text', { rules: [ecsRule({ destinations: [{ region: 'cn-shanghai', retentionDays: '7' }] })] }, 'rules[0].destinations[0].retentionDays', 'must be a number'],
    ['kms without encryption', { rules: [ecsRule({ destinations: [{ region: 'cn-shanghai', kmsKeyId: 'k' }] })] }, 'rules[0].destinations[0].kmsKeyId', 'is allowed only when encrypted is true'],
    ['65-character kms key', { rules: [ecsRule({ destinations: [{ region: 'cn-shanghai', encrypted: true, kmsKeyId: 'k'.repeat(65) }] })] }, 'rules[0].destinations[0].kmsKeyId', 'must be 1-64 characters'],
    ['encrypted on ENS', { rules: [ensRule({ destinations: [{ region: 'cn-chengdu-26', encrypted: true }] })] }, 'rules[0].destinations[0].encrypted', 'is supported only by aliyun-ecs'],
    ['kms on CBS', { rules: [cbsRule({ destinations: [{ region: 'ap-beijing', kmsKeyId: 'k' }] })] }, 'rules[0].destinations[0].kmsKeyId', 'is supported only by aliyun-ecs'],
    ['tags on CBS', { rules: [cbsRule({ destinations: [{ region: 'ap-beijing', tags: {} }] })] }, 'rules[0].destinations[0].tags', 'is supported only by aliyun-ecs'],
    ['createSnapshots on ECS', { rules: [ecsRule({ createSnapshots: { diskIds: ['d-1'], intervalHours: 1 } })] }, 'rules[0].createSnapshots', 'is supported only by aliyun-ens'],
    ['createSnapshots without disks', { rules: [ensRule({ createSnapshots: { diskIds: [], intervalHours: 1 } })] }, 'rules[0].createSnapshots.diskIds', 'must not be empty'],
    ['createSnapshots interval 0', { rules: [ensRule({ createSnapshots: { diskIds: ['d-e1'], intervalHours: 0 } })] }, 'rules[0].createSnapshots.intervalHours', 'must be a number greater than 0'],
    ['description on CBS', { rules: [cbsRule({ copyDescription: 'x {sourceId}' })] }, 'rules[0].copyDescription', 'is not supported by tencent-cbs (CopySnapshotCrossRegions takes no description)'],
    ['repeated rule name', { rules: [ecsRule(), ecsRule()] }, 'rules[1].name', 'must not repeat entry [0]'],
  ])('%s', (_label, input, field, rule) => {
    const problems = problemsOf(input);
    expect(problems.map((p) => [p.field, p.rule])).toContainEqual([field, rule]);
    expect(problems[0]?.field).toBe(field);
  });

  it('echoes the offending value', () => {
    expect(problemsOf({ rules: [ecsRule({ destinations: [{ region: 'cn-shanghai', retentionDays: 0 }] })] })[0]).toEqual({
      field: 'rules[0].destinations[0].retentionDays',
      rule: 'must be an integer from 1 to 65536',
      value: 0,
    });
  });

  it('refuses more than 100 rules as one problem', () => {
    const rules = Array.from({ length: 101 }, (_, i) => ecsRule({ name: `r${i}` }));
    expect(problemsOf({ rules })).toEqual([{ field: 'rules', rule: 'must have at most 100 entries', value: 101 }]);
  });
});

describe('parsePolicy: strictness', () => {
  it('refuses unknown keys at every level', () => {
    expect(fieldsOf({ rules: [ecsRule()], extra: 1 })).toEqual(['extra']);
    expect(fieldsOf({ rules: [ecsRule({ destnations: [] })] })).toEqual(['rules[0].destnations']);
    expect(fieldsOf({ rules: [ecsRule({ match: { tag: {} } })] })).toEqual(['rules[0].match.tag']);
    expect(fieldsOf({ rules: [ecsRule({ destinations: [{ region: 'cn-shanghai', retention: 7 }] })] })).toEqual(['rules[0].destinations[0].retention']);
    expect(problemsOf({ rules: [ecsRule()], extra: 1 })[0]).toEqual({ field: 'extra', rule: 'is not a known field' });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s anywhere', (key) => {
    const text = `{"rules":[{"name":"r","cloud":"aliyun-ecs","sourceRegions":["cn-hangzhou"],"destinations":[{"region":"cn-shanghai"}],"match":{"tags":{"${key}":"x"}}}]}`;
    expect(() => loadPolicy(text)).toThrow(InputError);
    expect(problemsOf(JSON.parse(text))).toEqual([{ field: `rules[0].match.tags.${key}`, rule: 'is not an allowed key (it could alter object prototypes)' }]);
  });

  it('reports several problems together', () => {
    const fields = fieldsOf({
      rules: [
        ecsRule({ name: '9', destinations: [{ region: 'cn-shanghai', retentionDays: 0 }, { region: 'cn-beijing', kmsKeyId: 'k' }] }),
        ensRule({ copyName: 'x{sourceId}', destinations: [{ region: 'cn-chengdu-26', tags: { a: 'b' } }] }),
      ],
    });
    expect(fields).toEqual([
      'rules[0].name',
      'rules[0].destinations[0].retentionDays',
      'rules[0].destinations[1].kmsKeyId',
      'rules[1].destinations[0].tags',
      'rules[1].copyName',
    ]);
  });
});

describe('parsePolicy: copy templates', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['unknown placeholder', ecsRule({ copyName: 'x{source}' }), 'has an unknown placeholder {source} (known: {rule} {sourceId} {sourceName} {sourceRegion} {destinationRegion} {diskId} {date})'],
    ['unbalanced {', ecsRule({ copyName: 'x{rule' }), 'has an unbalanced "{" at position 1'],
    ['unbalanced }', ecsRule({ copyName: 'x}rule' }), 'has an unbalanced "}" at position 1'],
    ['ENS name without {rule}', ensRule({ copyName: 'x:{sourceId}:{sourceRegion}' }), "must contain {rule} on aliyun-ens (the copy's name is the only record of where it came from)"],
    ['CBS name without {sourceRegion}', cbsRule({ copyName: 'Copied {rule} {sourceId}' }), "must contain {sourceRegion} on tencent-cbs (the copy's name is the only record of where it came from)"],
    ['CBS name without {rule} (the API default, which copies made by hand carry)', cbsRule({ copyName: 'Copied {sourceId} from {sourceRegion}' }), "must contain {rule} on tencent-cbs (the copy's name is the only record of where it came from)"],
  ])('refuses a copyName with %s', (_label, rule, text) => {
    expect(problemsOf({ rules: [rule] })).toEqual([{ field: 'rules[0].copyName', rule: text, value: rule.copyName }]);
  });

  it('refuses a copyDescription that does not parse', () => {
    expect(fieldsOf({ rules: [ecsRule({ copyDescription: '{nope}' })] })).toEqual(['rules[0].copyDescription']);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['may start with an empty source name', ecsRule({ copyName: '{sourceName}-copy' }), /can expand to an invalid DestinationSnapshotName, which must start with a letter/],
    ['may be empty', ecsRule({ copyName: '{sourceName}' }), /can expand to an invalid DestinationSnapshotName, which must be 2-128 characters/],
    ['has a space ECS names cannot hold', ecsRule({ copyName: 'copy of {sourceId}' }), /which may contain only letters/],
    ['is too long with the longest id', ecsRule({ copyName: `${'x'.repeat(70)}{sourceId}` }), /which must be 2-128 characters/],
    ['starts with a digit on ENS', ensRule({ copyName: '{date}:{rule}:{sourceId}:{sourceRegion}' }), /which must start with a letter or a Chinese character/],
    ['exceeds 60 bytes on CBS', cbsRule({ copyName: 'Copy of snapshot {sourceId} from region {sourceRegion} ({rule})' }), /invalid SnapshotName, which must be 1-60 bytes \(UTF-8\)/],
  ])('refuses a copyName that %s', (_label, rule, text) => {
    const problems = problemsOf({ rules: [rule] });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('rules[0].copyName');
    expect(problems[0]?.rule).toMatch(text);
  });

  it('refuses a description that can expand too long', () => {
    const problems = problemsOf({ rules: [ecsRule({ copyDescription: `${'d'.repeat(250)}{sourceId}` })] });
    expect(problems.map((p) => p.field)).toEqual(['rules[0].copyDescription']);
  });

  it('accepts a source name placed after a letter: it is sanitized and truncated to fit', () => {
    expect(problemsOf({ rules: [ecsRule({ copyName: 'c-{sourceName}-{sourceId}' })] })).toEqual([]);
    expect(problemsOf({ rules: [cbsRule({ copyName: '{rule} {sourceId} {sourceRegion} {sourceName}' })] })).toEqual([]);
  });

  it('judges the rule name and regions the rule really has', () => {
    const long = 'a'.repeat(40);
    // 5 + 40 + 1 + 64 + 1 + region: fits with cn-hangzhou-26, not with a 20-character node id.
    expect(problemsOf({ rules: [ensRule({ name: long })] })).toEqual([]);
    expect(fieldsOf({ rules: [ensRule({ name: long, sourceRegions: ['cn-hangzhou-unicom-26'] })] })).toEqual(['rules[0].copyName']);
  });
});

describe('loadPolicy', () => {
  it.each([
    [undefined, 'must be set to the policy as JSON'],
    ['', 'must be set to the policy as JSON'],
    ['  ', 'must be set to the policy as JSON'],
  ])('refuses %j', (text, rule) => {
    expect(() => loadPolicy(text)).toThrow(expect.objectContaining({ code: 'InvalidPolicy', field: 'REPLICATION_POLICY', problems: [{ field: 'REPLICATION_POLICY', rule }] }));
  });

  it('refuses text that is not JSON', () => {
    try {
      loadPolicy('{rules:');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).field).toBe('REPLICATION_POLICY');
      expect((error as InputError).problems[0]?.rule).toMatch(/^must be valid JSON/);
    }
  });

  it('refuses a huge text before parsing it', () => {
    expect(() => loadPolicy(`{"rules":[${' '.repeat(300 * 1024)}]}`)).toThrow(/must be at most 262144 bytes/);
  });
});
