import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, SECRETS, setPolicy, useLocalCloud, type Seed } from './harness';

const POLICY = {
  rules: [
    {
      name: 'prod-dr',
      cloud: 'aliyun-ecs',
      sourceRegions: ['cn-hangzhou'],
      match: { tags: { backup: 'dr' } },
      destinations: [
        { region: 'cn-shanghai', retentionDays: 30, tags: { copy: 'dr' } },
        { region: 'cn-beijing', retentionDays: 7 },
      ],
    },
  ],
};

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
      snapshots: [
        { snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user', tags: { backup: 'dr' } },
        { snapshotId: 's-db1', regionId: 'cn-hangzhou', diskId: 'd-db', name: 'db', status: 'accomplished', snapshotType: 'timer', tags: { backup: 'dr' } },
        { snapshotId: 's-tmp1', regionId: 'cn-hangzhou', diskId: 'd-tmp', name: 'scratch', status: 'accomplished', snapshotType: 'user', tags: {} },
      ],
    },
  };
}

/** The CloudEvent FC receives from EventBridge for a finished ECS snapshot. */
function snapshotEvent(snapshotId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `evt-${snapshotId}`,
    source: 'acs.ecs',
    specversion: '1.0',
    type: 'ecs:Snapshot:CreateSnapshotCompleted',
    subject: `acs:ecs:cn-hangzhou:1234567890:snapshot/${snapshotId}`,
    time: '2026-11-22T10:00:00Z',
    datacontenttype: 'application/json;charset=utf-8',
    aliyunaccountid: '1234567890',
    aliyunregionid: 'cn-hangzhou',
    data: { result: 'accomplished', snapshotId, snapshotName: 'web', snapshotType: 'user', diskId: 'd-web', startTime: '2026-11-22T09:59:00Z', endTime: '2026-11-22T10:00:00Z', ...over },
  };
}

const handler = loadBundle('ecs-replicator');

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));

function copiesOf(sourceId: string): Array<Record<string, unknown>> {
  return cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId === sourceId) as unknown as Array<Record<string, unknown>>;
}

const apiCalls = (): number => cloud.calls().length;

describe('ecs-replicator bundle', () => {
  it('copies an event snapshot to every destination with retention and tags', async () => {
    const { value: answer, lines } = await captureLogs(() => handler(buffer(snapshotEvent('s-web1')), fcContext()));
    expect(answer).toMatchObject({ ok: true, trigger: 'event' });
    const results = answer.results as Array<Record<string, unknown>>;
    expect(results.map((r) => [r.destinationRegion, r.outcome]).sort()).toEqual([['cn-beijing', 'copied'], ['cn-shanghai', 'copied']]);
    const copies = copiesOf('s-web1');
    expect(copies).toHaveLength(2);
    const shanghai = copies.find((c) => c.regionId === 'cn-shanghai');
    expect(shanghai).toMatchObject({ sourceRegion: 'cn-hangzhou', retentionDays: 30, tags: { copy: 'dr' }, status: 'progressing' });
    expect(copies.find((c) => c.regionId === 'cn-beijing')).toMatchObject({ retentionDays: 7 });
    for (const secret of SECRETS) expect(lines.join('\n')).not.toContain(secret);
    expect(lines.some((l) => JSON.parse(l).msg === 'summary')).toBe(true);
  });

  it('leaves exactly one copy per destination when the same event arrives three times', async () => {
    const event = buffer(snapshotEvent('s-web1'));
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { value } = await captureLogs(() => handler(event, fcContext()));
      outcomes.push(...(value.results as Array<{ outcome: string }>).map((r) => r.outcome));
      if (i === 1) cloud.advance(600);
    }
    expect(copiesOf('s-web1')).toHaveLength(2);
    expect(outcomes.slice(0, 2)).toEqual(['copied', 'copied']);
    expect(outcomes.slice(2, 4).sort()).toEqual(['in-progress', 'in-progress']);
    expect(outcomes.slice(4)).toEqual(['already-copied', 'already-copied']);
  });

  it('copies nothing for a copy (loop guard) or a failed snapshot, and calls no API', async () => {
    for (const data of [{ snapshotType: 'copied' }, { result: 'failed' }]) {
      const { value } = await captureLogs(() => handler(buffer(snapshotEvent('s-web1', data)), fcContext()));
      expect(value.ok).toBe(true);
      // The event is answered, for its own snapshot, as skipped: an empty answer would not do.
      const results = value.results as Array<{ sourceSnapshotId: string; outcome: string; reason?: string }>;
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(r).toMatchObject({ sourceSnapshotId: 's-web1', outcome: 'skipped', reason: expect.any(String) });
    }
    expect(apiCalls()).toBe(0);
    expect(copiesOf('s-web1')).toHaveLength(0);
  });

  it('sweeps on the timer: every matching snapshot, nothing else, each region listed once', async () => {
    const timer = { triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '{"action":"sweep"}' };
    const { value } = await captureLogs(() => handler(buffer(timer), fcContext()));
    expect(value).toMatchObject({ ok: true, trigger: 'timer' });
    expect(copiesOf('s-web1')).toHaveLength(2);
    expect(copiesOf('s-db1')).toHaveLength(2);
    expect(copiesOf('s-tmp1')).toHaveLength(0);
    const describes = cloud.calls().filter((c) => c.action === 'DescribeSnapshots');
    const listings = describes.filter((c) => c.params.SnapshotIds === undefined);
    expect(listings.map((c) => c.region).sort()).toEqual(['cn-beijing', 'cn-hangzhou', 'cn-shanghai']);
    // Then the copies answered are looked up by id, once per destination (a gone copy would be copied again).
    const confirmations = describes.filter((c) => c.params.SnapshotIds !== undefined);
    expect(confirmations.map((c) => c.region).sort()).toEqual(['cn-beijing', 'cn-shanghai']);
    // A second sweep finds the copies and makes none.
    cloud.advance(600);
    const { value: again } = await captureLogs(() => handler(buffer({ ...timer, payload: '' }), fcContext()));
    const pairs = (again.results as Array<{ sourceSnapshotId: string; destinationRegion: string; outcome: string }>).map((r) => `${r.sourceSnapshotId}>${r.destinationRegion}:${r.outcome}`);
    expect(pairs.sort()).toEqual(['s-db1>cn-beijing:already-copied', 's-db1>cn-shanghai:already-copied', 's-web1>cn-beijing:already-copied', 's-web1>cn-shanghai:already-copied']);
    expect(cloud.calls().filter((c) => c.action === 'CopySnapshot')).toHaveLength(4);
  });

  it('copies on a manual payload, whatever the rules match', async () => {
    const payload = { action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-tmp1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai', retentionDays: 3 }] };
    const { value } = await captureLogs(() => handler(buffer(payload), fcContext()));
    expect(value).toMatchObject({ ok: true, trigger: 'manual', results: [{ sourceSnapshotId: 's-tmp1', destinationRegion: 'cn-shanghai', outcome: 'copied' }] });
    expect(copiesOf('s-tmp1')).toMatchObject([{ regionId: 'cn-shanghai', retentionDays: 3 }]);
  });

  it('signs parameters holding every character pop-core escapes beyond encodeURIComponent (!\'()*)', async () => {
    // Names take none of them; descriptions take any.
    const copyDescription = "dr copy (web!) it's *1*";
    const payload = { action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-tmp1', sourceRegion: 'cn-hangzhou', copyDescription, destinations: [{ region: 'cn-shanghai' }] };
    const { value } = await captureLogs(() => handler(buffer(payload), fcContext()));
    // The local cloud checks each request's signature; a wrong escape would be SignatureDoesNotMatch.
    expect(value).toMatchObject({ ok: true, results: [{ outcome: 'copied' }] });
    expect(copiesOf('s-tmp1')).toMatchObject([{ regionId: 'cn-shanghai', description: copyDescription }]);
  });

  it('never serves rotated credentials from the clients a warm instance kept', async () => {
    const first = await captureLogs(() => handler(buffer(snapshotEvent('s-web1')), fcContext()));
    expect(first.value.ok).toBe(true);
    // The next invocation brings other keys: they must be used (and here refused), not the kept ones.
    const rotated = { ...fcContext(), credentials: { accessKeyId: 'STS.functiontest', accessKeySecret: 'rotated-but-wrong-000000', securityToken: 'fc-role-token-abcdefghijklmnop' } };
    const { value } = await captureLogs(() => handler(buffer(snapshotEvent('s-db1')), rotated));
    expect(value).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch' } });
    const { value: back } = await captureLogs(() => handler(buffer(snapshotEvent('s-db1')), fcContext()));
    expect(back.ok).toBe(true);
    expect(copiesOf('s-db1')).toHaveLength(2);
  });

  it('takes credentials from the environment when the context has none', async () => {
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'STS.functiontest';
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'fc-role-secret-0123456789';
    process.env.ALIBABA_CLOUD_SECURITY_TOKEN = 'fc-role-token-abcdefghijklmnop';
    const { value } = await captureLogs(() => handler(buffer(snapshotEvent('s-web1')), { requestId: 'r' }));
    expect(value.ok).toBe(true);
    expect(copiesOf('s-web1')).toHaveLength(2);
  });

  const BAD_INPUTS: Array<[string, unknown, string]> = [
    ['not JSON', Buffer.from('{"action": "copy"'), 'event'],
    ['empty', Buffer.alloc(0), 'event'],
    ['binary garbage', Buffer.from([0xff, 0x00, 0xfe, 0x01]), 'event'],
    ['a number', buffer('42'), 'event'],
    ['unknown action', buffer({ action: 'explode' }), 'action'],
    ['snapshot id of the wrong type', buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 7, sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai' }] }), 'snapshotId'],
    ['no destinations', buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-web1', sourceRegion: 'cn-hangzhou', destinations: [] }), 'destinations'],
    ['same-region destination', buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-web1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-hangzhou' }] }), 'destinations[0].region'],
    ['retention out of range', buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-web1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai', retentionDays: 65537 }] }), 'destinations[0].retentionDays'],
    ['KMS key without encryption', buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-web1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai', kmsKeyId: 'key-1' }] }), 'destinations[0].kmsKeyId'],
    ['21 tags', buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-web1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai', tags: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }] }), 'destinations[0].tags'],
    ['reserved tag prefix', buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-web1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai', tags: { 'acs:x': 'v' } }] }), 'destinations[0].tags'],
    ['a name starting with http://', buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-web1', sourceRegion: 'cn-hangzhou', copyName: 'http://x', destinations: [{ region: 'cn-shanghai' }] }), 'copyName'],
    ['a one-character name', buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-web1', sourceRegion: 'cn-hangzhou', copyName: 'a', destinations: [{ region: 'cn-shanghai' }] }), 'copyName'],
    ['a prototype-pollution key', buffer('{"action":"copy","__proto__":{"polluted":true}}'), '__proto__'],
  ];

  it.each(BAD_INPUTS)('answers ok:false for %s, naming the field, with no API call', async (_label, event, field) => {
    const { value } = await captureLogs(() => handler(event, fcContext()));
    expect(value.ok).toBe(false);
    expect(value.results).toEqual([]);
    const error = value.error as { code: string; field: string; message: string };
    expect(error.code).toBe('InvalidInput');
    expect(error.field.startsWith(field)).toBe(true);
    expect(apiCalls()).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers ok:false with the path of a bad policy field, with no API call', async () => {
    setPolicy({ rules: [{ ...POLICY.rules[0], destinations: [{ region: 'cn-shanghai', retentionDays: 0 }] }] });
    const { value } = await captureLogs(() => handler(buffer(snapshotEvent('s-web1')), fcContext()));
    expect(value).toMatchObject({ ok: false, error: { code: 'InvalidPolicy', field: 'rules[0].destinations[0].retentionDays' } });
    setPolicy('{not json');
    const { value: broken } = await captureLogs(() => handler(buffer(snapshotEvent('s-web1')), fcContext()));
    expect(broken).toMatchObject({ ok: false, error: { code: 'InvalidPolicy' } });
    expect(apiCalls()).toBe(0);
  });

  it('throws after answering when an event copy is deferred by throttling, so the platform retries', async () => {
    cloud.setFaults({ throttleRate: 1, seed: 3 });
    const { lines, value } = await captureLogs(() => handler(buffer(snapshotEvent('s-web1')), fcContext(4)).then(
      () => 'answered',
      (e: unknown) => (e instanceof Error ? e.name : 'thrown'),
    ));
    expect(value).toBe('RetryableFailure');
    expect(lines.some((l) => l.includes('"msg":"summary"') || l.includes('invocation failed'))).toBe(true);
    cloud.setFaults({ throttleRate: 0 });
    const { value: retried } = await captureLogs(() => handler(buffer(snapshotEvent('s-web1')), fcContext()));
    expect((retried.results as Array<{ outcome: string }>).map((r) => r.outcome)).toEqual(['copied', 'copied']);
    expect(copiesOf('s-web1')).toHaveLength(2);
  });
});
