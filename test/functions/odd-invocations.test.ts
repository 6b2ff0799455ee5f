/**
 * Odd events and odd contexts, handed to the built bundles as a platform, a test harness or a person
 * might: every invocation is answered (never thrown), and the cloud's state agrees with the answer.
 * A refused invocation has called nothing and copied nothing; a context that is odd but usable (a
 * timeout of the wrong type, a missing request id) still copies, each pair once.
 */
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, KEYS, loadBundle, useLocalCloud, type Seed } from './harness';

const POLICY = {
  rules: [
    { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] },
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 30 }] },
    { name: 'tencent-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 14 }] },
  ],
};

function seed(): Seed {
  const recent = new Date(Date.now() - 60_000).toISOString();
  return {
    credentials: credentialsSeed(),
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai'], snapshots: [{ snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user' }] },
    ens: { regions: ['cn-hangzhou-26', 'cn-chengdu-26'], snapshots: [{ snapshotId: 'sp-edge1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge', status: 'available', creationTime: recent }] },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing'], snapshots: [{ snapshotId: 'snap-prod0001', region: 'ap-guangzhou', diskId: 'disk-orders', name: 'orders', state: 'NORMAL', diskSize: 50 }] },
  };
}

type Handler = (event: unknown, context?: unknown) => Promise<Record<string, unknown>>;

interface Target {
  name: 'ecs-replicator' | 'ens-replicator' | 'cbs-replicator';
  handler: Handler;
  /** A manual copy of the seeded source, as this platform hands a payload over. */
  copy: unknown;
  source: string;
  copies: () => Array<{ sourceSnapshotId?: string }>;
}

const TARGETS: Target[] = [
  {
    name: 'ecs-replicator', handler: loadBundle('ecs-replicator'), source: 's-web1', copies: () => cloud.state().ecs.snapshots,
    copy: buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-web1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai' }] }),
  },
  {
    name: 'ens-replicator', handler: loadBundle('ens-replicator'), source: 'sp-edge1', copies: () => cloud.state().ens.snapshots,
    copy: buffer({ action: 'copy', cloud: 'aliyun-ens', snapshotId: 'sp-edge1', sourceRegion: 'cn-hangzhou-26', destinations: [{ region: 'cn-chengdu-26' }] }),
  },
  {
    name: 'cbs-replicator', handler: loadBundle('cbs-replicator'), source: 'snap-prod0001', copies: () => cloud.state().cbs.snapshots,
    copy: { action: 'copy', cloud: 'tencent-cbs', snapshotId: 'snap-prod0001', sourceRegion: 'ap-guangzhou', destinations: [{ region: 'ap-beijing' }] },
  },
];

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));

/** Calls the handler; a throw of any kind fails the test with what was thrown. */
async function answerOf(handler: Handler, event: unknown, context: unknown): Promise<Record<string, unknown>> {
  const { value } = await captureLogs(() => handler(event, context).then(
    (answer) => ({ answer }),
    (thrown: unknown) => ({ thrown }),
  ));
  if ('thrown' in value) throw new Error(`the handler threw: ${value.thrown instanceof Error ? `${value.thrown.name}: ${value.thrown.message}` : String(value.thrown)}`);
  expect(typeof value.answer.ok).toBe('boolean');
  expect(Array.isArray(value.answer.results)).toBe(true);
  return value.answer;
}

function expectNothingDone(target: Target): void {
  expect(cloud.calls()).toEqual([]);
  expect(target.copies().filter((s) => s.sourceSnapshotId !== undefined)).toEqual([]);
}

function circular(): Record<string, unknown> {
  const value: Record<string, unknown> = { action: 'copy' };
  value.self = value;
  return value;
}

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i += 1) value = [value];
  return value;
}

const ODD_EVENTS: Array<[string, () => unknown]> = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['an empty string', () => ''],
  ['an empty Buffer', () => Buffer.alloc(0)],
  ['an ArrayBuffer of garbage', () => new Uint8Array([0xff, 0xfe, 0x00]).buffer],
  ['zero', () => 0],
  ['true', () => true],
  ['NaN', () => Number.NaN],
  ['a BigInt', () => 10n],
  ['a Symbol', () => Symbol('event')],
  ['a function', () => () => 'event'],
  ['a Date', () => new Date(0)],
  ['a Map', () => new Map([['action', 'copy']])],
  ['an empty array', () => []],
  ['an empty object', () => ({})],
  ['an object holding itself', circular],
  ['arrays nested 100000 deep', () => deep(100_000)],
  ['an object with a null prototype', () => Object.assign(Object.create(null) as object, { action: 'sweep' })],
];

describe.each(TARGETS)('$name, given an odd event', (target) => {
  it.each(ODD_EVENTS)('answers %s with ok: false, and calls nothing', async (_what, make) => {
    const answer = await answerOf(target.handler, make(), target.name === 'cbs-replicator' ? { request_id: 'r' } : { requestId: 'r', credentials: { ...KEYS.aliyun } });
    if (answer.ok) {
      // Only the sweep with a null prototype is a valid payload: a plain sweep, which copies.
      expect(answer.trigger).toBe('manual');
      expect(target.copies().filter((s) => s.sourceSnapshotId === target.source)).toHaveLength(1);
      return;
    }
    expect((answer.error as { code: string }).code).toBe('InvalidInput');
    expectNothingDone(target);
  });
});

/** How a context turns out: usable (the copy is made), or refused for want of credentials. */
type Expect = 'copies' | 'refused';

const FC_CONTEXTS: Array<[string, () => unknown, Expect]> = [
  ['no context', () => undefined, 'refused'],
  ['null', () => null, 'refused'],
  ['a string', () => 'context', 'refused'],
  ['a number', () => 42, 'refused'],
  ['an array', () => [KEYS.aliyun], 'refused'],
  ['an empty object', () => ({}), 'refused'],
  ['credentials: null', () => ({ credentials: null }), 'refused'],
  ['credentials as text', () => ({ credentials: JSON.stringify(KEYS.aliyun) }), 'refused'],
  ['credentials without the secret', () => ({ credentials: { accessKeyId: KEYS.aliyun.accessKeyId } }), 'refused'],
  ['credentials of the wrong types', () => ({ credentials: { accessKeyId: 1, accessKeySecret: true, securityToken: {} } }), 'refused'],
  ['the credentials alone', () => ({ credentials: { ...KEYS.aliyun } }), 'copies'],
  ['a timeout as text', () => ({ credentials: { ...KEYS.aliyun }, function: { timeout: 'sixty' } }), 'copies'],
  ['a negative timeout', () => ({ credentials: { ...KEYS.aliyun }, function: { timeout: -5 } }), 'copies'],
  ['an infinite timeout', () => ({ credentials: { ...KEYS.aliyun }, function: { timeout: Number.POSITIVE_INFINITY } }), 'copies'],
  ['a function that is text', () => ({ credentials: { ...KEYS.aliyun }, function: 'f' }), 'copies'],
  ['a request id that is an object', () => ({ credentials: { ...KEYS.aliyun }, requestId: { id: 1 } }), 'copies'],
  ['a region that is a number', () => ({ credentials: { ...KEYS.aliyun }, region: 7 }), 'copies'],
];

const SCF_CONTEXTS: Array<[string, () => unknown, Expect]> = [
  ['no context', () => undefined, 'copies'],
  ['null', () => null, 'copies'],
  ['a string', () => 'context', 'copies'],
  ['an array', () => [], 'copies'],
  ['a time limit as text', () => ({ time_limit_in_ms: '3000' }), 'copies'],
  ['a negative time limit', () => ({ time_limit_in_ms: -1 }), 'copies'],
  ['a remaining-time reader that throws', () => ({ getRemainingTimeInMillis: () => { throw new Error('no clock'); } }), 'copies'],
  ['a remaining-time reader that is a number', () => ({ getRemainingTimeInMillis: 5000 }), 'copies'],
  ['a remaining-time reader answering NaN', () => ({ getRemainingTimeInMillis: () => Number.NaN }), 'copies'],
  ['a request id that is an object', () => ({ request_id: { id: 1 } }), 'copies'],
];

describe('a warm FC instance after a context with credentials that are not text', () => {
  it.each(TARGETS.filter((t) => t.name !== 'cbs-replicator'))('$name refuses it with no call, and copies on the next invocation', async (target) => {
    const odd = await answerOf(target.handler, target.copy, { credentials: { accessKeyId: 1, accessKeySecret: true, securityToken: {} } });
    expect(odd).toMatchObject({ ok: false, error: { code: 'InvalidConfiguration' } });
    expectNothingDone(target);
    // Nothing of the odd values stays behind in the instance (a `true` taken for a secret would mask every answer's `ok`).
    const next = await answerOf(target.handler, target.copy, { credentials: { ...KEYS.aliyun } });
    expect(next).toMatchObject({ ok: true, results: [{ outcome: 'copied' }] });
    expect(target.copies().filter((s) => s.sourceSnapshotId === target.source)).toHaveLength(1);
  });
});

describe.each(TARGETS)('$name, given an odd context', (target) => {
  const contexts = target.name === 'cbs-replicator' ? SCF_CONTEXTS : FC_CONTEXTS;
  it.each(contexts)('with %s: answers, and the cloud agrees', async (_what, make, expected) => {
    const answer = await answerOf(target.handler, target.copy, make());
    if (expected === 'refused') {
      expect(answer).toMatchObject({ ok: false, error: { code: 'InvalidConfiguration' } });
      expectNothingDone(target);
      return;
    }
    expect(answer).toMatchObject({ ok: true, trigger: 'manual', results: [{ sourceSnapshotId: target.source, outcome: 'copied' }] });
    expect(target.copies().filter((s) => s.sourceSnapshotId === target.source)).toHaveLength(1);
  });
});
