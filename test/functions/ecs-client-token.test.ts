/**
 * The ECS ClientToken on its own. Copies here finish the moment they start (`ecsCopySeconds: 0`), so
 * ECS's one-copy-per-disk-in-flight refusal never stands in for the token: when two CopySnapshot calls
 * for one pair both reach the cloud, only the token keeps them to one copy. Each scenario is made
 * certain, not likely: two runs are held at their copy until both have asked for it (a proxy), and a
 * copy's answer is lost after the copy is made (the local cloud's `lostAnswers`). The same scenarios
 * run once more in this process with a driver that drops the token, and make two copies: the proof
 * that the bundle's one copy is the token's doing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../local-cloud/index';
import { aliyunCredentials } from '../../shared/clouds/credentials';
import { ecsDriverFactory } from '../../shared/clouds/ecs-factory';
import type { CloudDriver, CopyCall } from '../../shared/contracts/driver';
import { invoke } from '../../shared/runtime/invoke';
import { jsonLogger } from '../../shared/runtime/logger';
import { parseFcEvent } from '../../shared/triggers/fc';
import { invokeAtOnce } from '../support/bundle-processes';
import { startHoldingProxy, type HoldingProxy } from '../support/holding-proxy';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, KEYS, loadBundle, useLocalCloud, type Seed } from './harness';

const POLICY = {
  rules: [{ name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] }],
};

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    timing: { ecsCopySeconds: 0 },
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai'],
      snapshots: [{ snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user', tags: { backup: 'dr' } }],
    },
  };
}

const EVENT = {
  id: 'evt-s-web1', source: 'acs.ecs', specversion: '1.0', type: 'ecs:Snapshot:CreateSnapshotCompleted',
  subject: 'acs:ecs:cn-hangzhou:1234567890:snapshot/s-web1', time: '2026-11-22T10:00:00Z', aliyunregionid: 'cn-hangzhou',
  data: { result: 'accomplished', snapshotId: 's-web1', snapshotName: 'web', snapshotType: 'user', diskId: 'd-web' },
};

/** Adapters give up on an unanswered request after this long, so a lost answer costs little. */
const API_TIMEOUT_MS = '300';

const handler = loadBundle('ecs-replicator');
const cloud = localCloudPerFile(seed, (c) => {
  useLocalCloud(c, POLICY);
  process.env.API_TIMEOUT_MS = API_TIMEOUT_MS;
});

let proxy: HoldingProxy | undefined;
afterEach(async () => {
  delete process.env.API_TIMEOUT_MS;
  await proxy?.close();
  proxy = undefined;
});

const copies = () => cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId === 's-web1');
const copyCalls = (): CallRecord[] => cloud.calls().filter((c) => c.action === 'CopySnapshot');
type Result = { outcome: string; copySnapshotId?: string };
const resultsOf = (answer: Record<string, unknown> | undefined): Result[] => (answer?.results ?? []) as Result[];

/** The ECS driver with the ClientToken dropped from every copy call: what the product would be without it. */
function withoutToken(driver: CloudDriver): CloudDriver {
  const copy = (call: CopyCall, ...rest: unknown[]) =>
    (driver.copy as (c: CopyCall, ...r: unknown[]) => ReturnType<CloudDriver['copy']>)({ ...call, destinations: call.destinations.map(({ clientToken: _dropped, ...d }) => d) }, ...rest);
  return new Proxy(driver, {
    get(target, key) {
      if (key === 'copy') return copy;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The bundle's own path (runtime, engine, the real ECS adapter), in this process, with the driver optionally stripped of its token. */
async function runInProcess(url: string, token: 'with token' | 'without token'): Promise<void> {
  const env = { ...process.env, ALIYUN_ECS_ENDPOINT: url };
  const factory = ecsDriverFactory();
  await invoke(buffer(EVENT), {
    cloud: 'aliyun-ecs',
    parse: (event) => parseFcEvent(event, 'cn-hangzhou'),
    driver: (e) => {
      const driver = factory(aliyunCredentials({ credentials: { ...KEYS.aliyun } }, e), e);
      return token === 'with token' ? driver : withoutToken(driver);
    },
    requestId: 'req-in-process',
    timeoutMs: 60_000,
    env,
    logger: jsonLogger(),
    // One account, no fan-out: neither is reached.
    accounts: { driver: () => Promise.reject(new Error('no other accounts here')), forget: () => undefined },
    invokeSelf: () => () => Promise.reject(new Error('no fan-out here')),
  });
}

describe('the ECS ClientToken, with no per-disk refusal to hide behind', () => {
  it('two runs that both planned the same copy (processes of the bundle, held at the copy until both ask) make one copy', async () => {
    proxy = await startHoldingProxy(cloud.url, 'CopySnapshot', { releaseAt: 2 });
    const outcomes = await invokeAtOnce(proxy.url, POLICY, [{ bundle: 'ecs-replicator', event: buffer(EVENT) }, { bundle: 'ecs-replicator', event: buffer(EVENT) }], { env: { API_TIMEOUT_MS: '10000' } });

    // Both runs asked the cloud for the copy, with the same token, and both were accepted.
    const calls = copyCalls();
    expect(calls.map((c) => c.code)).toEqual(['OK', 'OK']);
    const tokens = calls.map((c) => c.params.ClientToken);
    expect(tokens[0]).toMatch(/^srep-[0-9a-f]{40}$/);
    expect(tokens[1]).toBe(tokens[0]);
    // One copy in the cloud, finished at once (so no copy was in flight to refuse the second call).
    const made = copies();
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ regionId: 'cn-shanghai', status: 'accomplished' });
    // Each run answers the one copy as its own.
    for (const o of outcomes) {
      expect(o.thrown).toBeUndefined();
      expect(o.answer?.ok).toBe(true);
      expect(resultsOf(o.answer)).toEqual([expect.objectContaining({ outcome: 'copied', copySnapshotId: made[0]?.snapshotId })]);
    }
  });

  it('a copy made whose answer was lost is answered by the retry with the same copy, and the next sweep makes none', async () => {
    cloud.setFaults({ lostAnswers: { 'ecs.CopySnapshot': 1 } });
    const { value } = await captureLogs(() => handler(buffer(EVENT), fcContext()));
    expect(value.ok).toBe(true);
    const calls = copyCalls();
    // The scenario happened: the first call made the copy and its answer never came.
    expect(calls.map((c) => c.code)).toEqual(['Timeout(applied)', 'OK']);
    expect(calls[1]?.params.ClientToken).toBe(calls[0]?.params.ClientToken);
    const made = copies();
    expect(made).toHaveLength(1);
    expect(resultsOf(value)).toEqual([expect.objectContaining({ outcome: 'copied', copySnapshotId: made[0]?.snapshotId })]);

    const { value: sweep } = await captureLogs(() => handler(buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' }), fcContext()));
    expect(resultsOf(sweep).map((r) => r.outcome)).toEqual(['already-copied']);
    expect(copyCalls()).toHaveLength(2);
    expect(copies()).toHaveLength(1);
  });

  it.each([
    ['with token', 1],
    ['without token', 2],
  ] as const)('the same two overlapping runs, %s: %i copy(ies) (the cloud would not hide a missing token)', async (token, expected) => {
    proxy = await startHoldingProxy(cloud.url, 'CopySnapshot', { releaseAt: 2 });
    const url = proxy.url;
    process.env.API_TIMEOUT_MS = '10000';
    await captureLogs(() => Promise.all([runInProcess(url, token), runInProcess(url, token)]));
    expect(copyCalls().map((c) => c.code)).toEqual(['OK', 'OK']);
    expect(copies()).toHaveLength(expected);
  });

  it.each([
    ['with token', 1],
    ['without token', 2],
  ] as const)('the same lost answer retried, %s: %i copy(ies)', async (token, expected) => {
    cloud.setFaults({ lostAnswers: { 'ecs.CopySnapshot': 1 } });
    await captureLogs(() => runInProcess(cloud.url, token));
    expect(copyCalls().map((c) => c.code)).toEqual(['Timeout(applied)', 'OK']);
    expect(copies()).toHaveLength(expected);
  });
});
