/**
 * Inputs for the handler fuzz: any JSON, JSON-like objects built from the keys and values the handlers
 * look for (so many get deep into validation, and some are valid), and raw bytes.
 */
import fc from 'fast-check';

const CLOUDS = ['aliyun-ecs', 'aliyun-ens', 'tencent-cbs'] as const;

/** Every region the fuzz names exists on every service of its seed, so only bad input can be refused. */
export const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-hangzhou-26', 'cn-chengdu-26', 'cn-shenzhen-3', 'ap-guangzhou', 'ap-beijing', 'ap-shanghai'];

const SNAPSHOT_IDS = ['s-bp1prodweb001', 's-bp1scratch001', 'sp-edge00000001', 'snap-gzdb0001', 's-1', 'd-bp1web01'];
const RULES = ['prod-dr', 'edge', 'tencent-dr', 'bad rule', ''];
const KEYS = [
  'action', 'cloud', 'snapshotId', 'sourceRegion', 'destinations', 'rules', 'dryRun', 'rule', 'copyName', 'copyDescription',
  'source', 'type', 'data', 'id', 'time', 'aliyunregionid', 'regionId', 'resourceId', 'product', 'name', 'content',
  'triggerTime', 'triggerName', 'payload', 'Type', 'TriggerName', 'Message', 'region', 'eventName', 'requestParameters',
  'responseElements', '__proto__', 'constructor', 'prototype',
];
const WORDS = [
  'copy', 'sweep', ...CLOUDS, ...SNAPSHOT_IDS, ...REGIONS, ...RULES, 'acs.ecs', 'ecs:Snapshot:CreateSnapshotCompleted',
  'cbs.cloud.tencent', 'cbs:CloudEvent:ApiCall', 'Timer', 'CreateSnapshot', 'accomplished', 'failed', 'copied', '{"action":"sweep"}',
  '{"dryRun":true}', 'srep:{rule}:{sourceId}:{sourceRegion}', 'http://x', '{', '',
];

const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const word = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: scalar });

const destination = fc.record(
  {
    region: fc.oneof(fc.constantFrom(...REGIONS), scalar),
    retentionDays: fc.oneof(fc.integer({ min: -2, max: 70_000 }), scalar),
    encrypted: fc.oneof(fc.boolean(), scalar),
    kmsKeyId: word,
    tags: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), scalar), { maxKeys: 3 }),
  },
  { requiredKeys: ['region'] },
);

/** Well-formed shapes, so the fuzz also reaches planning and the API; each may get one key overwritten. */
function mutated(base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const change = fc.option(fc.tuple(fc.constantFrom(...KEYS), fc.oneof(word, fc.jsonValue({ maxDepth: 2 }))), { freq: 2 });
  // A computed key defines an own property even for "__proto__", as JSON.parse would.
  return fc.tuple(base, change).map(([b, c]) => (c === null ? b : { ...b, [c[0]]: c[1] }));
}

const COPY_FORMS = {
  'aliyun-ecs': { snapshotId: 's-bp1prodweb001', sourceRegion: 'cn-hangzhou', destinations: ['cn-shanghai', 'cn-beijing'] },
  'aliyun-ens': { snapshotId: 'sp-edge00000001', sourceRegion: 'cn-hangzhou-26', destinations: ['cn-chengdu-26', 'cn-shenzhen-3'] },
  'tencent-cbs': { snapshotId: 'snap-gzdb0001', sourceRegion: 'ap-guangzhou', destinations: ['ap-beijing', 'ap-shanghai'] },
} as const;

const copy = fc.constantFrom(...CLOUDS).chain((cloud) => {
  const form = COPY_FORMS[cloud];
  return fc.record({
    action: fc.constant('copy'),
    cloud: fc.constant(cloud),
    snapshotId: fc.constant(form.snapshotId),
    sourceRegion: fc.constant(form.sourceRegion),
    destinations: fc.uniqueArray(fc.record({ region: fc.constantFrom(...form.destinations), retentionDays: fc.integer({ min: 1, max: 30 }) }), {
      minLength: 1,
      maxLength: 2,
      selector: (d) => d.region,
    }),
  });
});

const sweep = fc.record(
  { action: fc.constant('sweep'), rules: fc.uniqueArray(fc.constantFrom('prod-dr', 'edge', 'tencent-dr'), { minLength: 1 }), dryRun: fc.boolean() },
  { requiredKeys: ['action'] },
);

const manual = fc.record(
  {
    action: fc.constantFrom('copy', 'sweep', 'explode'),
    cloud: fc.constantFrom(...CLOUDS, 'aws-ebs'),
    snapshotId: fc.oneof(fc.constantFrom(...SNAPSHOT_IDS), scalar),
    sourceRegion: fc.oneof(fc.constantFrom(...REGIONS), scalar),
    destinations: fc.oneof(fc.array(destination, { maxLength: 3 }), scalar),
    rules: fc.oneof(fc.array(fc.constantFrom(...RULES), { maxLength: 3 }), scalar),
    dryRun: fc.oneof(fc.constant(true), scalar),
    copyName: word,
  },
  { requiredKeys: ['action'] },
);

const ecsEvent = fc.record({
  source: fc.constant('acs.ecs'),
  type: fc.constant('ecs:Snapshot:CreateSnapshotCompleted'),
  aliyunregionid: fc.constantFrom('cn-hangzhou', 'cn-shanghai'),
  data: fc.record({ snapshotId: fc.constantFrom('s-bp1prodweb001', 's-1'), result: fc.constantFrom('accomplished', 'failed'), snapshotType: fc.constantFrom('user', 'copied') }),
});

const auditEvent = fc.record({
  source: fc.constant('cbs.cloud.tencent'),
  type: fc.constant('cbs:CloudEvent:ApiCall'),
  region: fc.constant('ap-guangzhou'),
  data: fc.record({ eventName: fc.constantFrom('CreateSnapshot', 'DeleteSnapshots'), responseElements: fc.record({ SnapshotId: fc.constantFrom('snap-gzdb0001', 'snap-new00001') }) }),
});

const timer = fc.oneof(
  fc.record({ triggerTime: fc.constant('2026-11-22T10:30:00Z'), triggerName: fc.constant('sweep'), payload: fc.constantFrom('', '{"action":"sweep"}', '{"dryRun":true}') }),
  fc.record({ Type: fc.constantFrom('Timer', 'timer'), TriggerName: fc.constant('sweep'), Message: fc.constantFrom('', '{"rules":["tencent-dr"]}') }),
);

const loose = fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(word, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 6 });

/** JSON-like values shaped like the payloads the handlers read: well-formed, nearly so, or loose. */
export const plausible: fc.Arbitrary<unknown> = fc.oneof(
  mutated(copy),
  mutated(sweep),
  mutated(ecsEvent),
  mutated(auditEvent),
  mutated(timer),
  manual,
  loose,
  fc.array(mutated(ecsEvent), { maxLength: 3 }),
);

/** Any JSON value at all. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 4 });

export const anyBytes: fc.Arbitrary<Buffer> = fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes));
