import RPCClient from '@alicloud/pop-core/lib/rpc';
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { Seed } from '../../local-cloud/index';

// The admin endpoints' newer keys: variants, answer renames, the copyFailRate fault, timing checks.

const KEY = { accessKeyId: 'AKadmin', accessKeySecret: 'admin-secret-0001' };

function seed(): Seed {
  return {
    credentials: { aliyun: [KEY] },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26'],
      snapshots: [{ snapshotId: 'sp-a', ensRegionId: 'cn-hangzhou-26', name: 'edge-a', status: 'available', size: 40 }],
    },
  };
}

const cloud = localCloudPerFile(seed);

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${cloud.url}${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function describeEns(): Promise<Record<string, unknown>> {
  const client = new RPCClient({ endpoint: cloud.url, apiVersion: '2017-11-10', ...KEY });
  return client.request<Record<string, unknown>>('DescribeSnapshots', {}, { method: 'POST', formatParams: false });
}

describe('POST /_admin/reset', () => {
  it('takes the variants and answer renames of a seed', async () => {
    const reset = await admin('POST', '/_admin/reset', { ...seed(), variants: { ensCreationTime: 'naive' }, renameAnswerFields: { 'ens.DescribeSnapshots': { 'Snapshots[].Size': 'SnapshotSize', TotalCount: 'Total' } } });
    expect(reset.status).toBe(200);
    const answer = await describeEns();
    expect(answer).toHaveProperty('Total', 1);
    expect(answer).not.toHaveProperty('TotalCount');
    const [item] = answer.Snapshots as Array<Record<string, unknown>>;
    expect(item).toMatchObject({ SnapshotId: 'sp-a', SnapshotSize: '40', CreationTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/) });
    expect(item).not.toHaveProperty('Size');
    // The order of fields is kept: the renamed one stands where the old one stood.
    expect(Object.keys(item ?? {}).indexOf('SnapshotSize')).toBe(Object.keys(item ?? {}).length - 1);
  });

  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an unknown variant', { variants: { ensSnapShotIds: 'list' } }, /variants.ensSnapShotIds is not a variant/],
    ['a variant value it does not know', { variants: { ensSnapshotIdPrefix: 'snap-' } }, /ensSnapshotIdPrefix must be one of sp-, s-/],
    ['a rename keyed by something other than service.Action', { renameAnswerFields: { DescribeSnapshots: { A: 'B' } } }, /must look like ens.DescribeSnapshots/],
    ['a negative timing', { timing: { ensCopySeconds: -5 } }, /timing.ensCopySeconds must be a number of seconds/],
  ];
  it.each(refused)('refuses a seed with %s, and keeps the state it had', async (_what, extra, message) => {
    const answer = await admin('POST', '/_admin/reset', { ...seed(), ens: { ...seed().ens, snapshots: [] }, ...extra });
    expect(answer.status).toBe(400);
    expect(String(answer.body.error)).toMatch(message);
    expect(cloud.state().ens.snapshots.map((s) => s.snapshotId)).toEqual(['sp-a']);
  });
});

describe('POST /_admin/faults', () => {
  it('takes copyFailRate beside the older keys, and answers the whole configuration', async () => {
    const answer = await admin('POST', '/_admin/faults', { copyFailRate: 0.25, throttleRate: 0.1, seed: 4 });
    expect(answer).toEqual({ status: 200, body: { throttleRate: 0.1, errorRate: 0, timeoutRate: 0, partialRate: 0, copyFailRate: 0.25, lostAnswers: {}, seed: 4 } });
    expect((await admin('GET', '/_admin/faults')).body.copyFailRate).toBe(0.25);
  });

  it('refuses a rate outside 0..1 and a key it does not know', async () => {
    expect(await admin('POST', '/_admin/faults', { copyFailRate: 2 })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/copyFailRate must be a number from 0 to 1/) } });
    expect(await admin('POST', '/_admin/faults', { copyFail: 1 })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/copyFail is not a fault/) } });
    expect((await admin('GET', '/_admin/faults')).body).toMatchObject({ copyFailRate: 0 });
  });

  it('loses the answers of exactly the next N calls of an action, after carrying them out', async () => {
    expect(await admin('POST', '/_admin/faults', { lostAnswers: { 'ens.DescribeSnapshots': 2 } })).toMatchObject({ status: 200, body: { lostAnswers: { 'ens.DescribeSnapshots': 2 } } });
    const client = new RPCClient({ endpoint: cloud.url, apiVersion: '2017-11-10', ...KEY });
    const describe = (): Promise<unknown> => client.request('DescribeSnapshots', {}, { method: 'POST', formatParams: false, timeout: 200 });
    await expect(describe()).rejects.toThrow();
    await expect(describe()).rejects.toThrow();
    await expect(describe()).resolves.toHaveProperty('TotalCount', 1);
    expect(cloud.calls().map((c) => c.code)).toEqual(['Timeout(applied)', 'Timeout(applied)', 'OK']);
    expect((await admin('GET', '/_admin/faults')).body.lostAnswers).toEqual({});
  });

  it('refuses lostAnswers not keyed service.Action or not counted in whole calls', async () => {
    expect(await admin('POST', '/_admin/faults', { lostAnswers: { CopySnapshot: 1 } })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/must look like ecs.CopySnapshot/) } });
    expect(await admin('POST', '/_admin/faults', { lostAnswers: { 'ecs.CopySnapshot': 1.5 } })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/whole number/) } });
    expect(await admin('POST', '/_admin/faults', { lostAnswers: [] })).toMatchObject({ status: 400 });
  });
});

describe('POST /_admin/latency', () => {
  it('sets how long answers are held back, refuses a value that is not 0 or more, and starts over at a reset', async () => {
    expect(await admin('GET', '/_admin/latency')).toEqual({ status: 200, body: { ms: 0 } });
    expect(await admin('POST', '/_admin/latency', { ms: 5 })).toEqual({ status: 200, body: { ms: 5 } });
    // Answers still come, only later.
    expect(await describeEns()).toHaveProperty('TotalCount', 1);
    expect(await admin('POST', '/_admin/latency', { ms: -1 })).toMatchObject({ status: 400 });
    expect(await admin('POST', '/_admin/latency', {})).toMatchObject({ status: 400 });
    expect((await admin('GET', '/_admin/latency')).body).toEqual({ ms: 5 });
    await admin('POST', '/_admin/reset', seed());
    expect((await admin('GET', '/_admin/latency')).body).toEqual({ ms: 0 });
    expect(() => cloud.setLatency(Number.NaN)).toThrow(/0 or more/);
  });
});
