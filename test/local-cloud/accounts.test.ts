import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { CallRecord, Seed } from '../../local-cloud/index';
import type { AliyunKey } from '../../local-cloud/seed';
import { cbsClient, refusal, rpc } from './platform-clients';

// Accounts in the local cloud: every call reaches the account of the key that signed it, and an
// account's snapshots, faults and rate limits are its own.

const A_KEY = { accessKeyId: 'LTAIaccounta', accessKeySecret: 'account-a-secret-0001' };
const B_KEY = { accessKeyId: 'LTAIaccountb', accessKeySecret: 'account-b-secret-0001', accountId: 'acct-b' };
const A_TC = { secretId: 'AKIDaccounta', secretKey: 'account-a-tc-0001' };
const B_TC = { secretId: 'AKIDaccountb', secretKey: 'account-b-tc-0001', accountId: 'acct-b' };
const HZ = 'cn-hangzhou';
const SH = 'cn-shanghai';

function seed(): Seed {
  return {
    accountId: 'acct-a',
    credentials: { aliyun: [A_KEY, B_KEY], tencent: [A_TC, B_TC] },
    ecs: { regions: [HZ, SH], snapshots: [{ snapshotId: 's-a1', regionId: HZ, diskId: 'd-a1', name: 'a-web' }] },
    ens: { regions: ['cn-hangzhou-26', 'cn-chengdu-26'], snapshots: [{ snapshotId: 'sp-a1', ensRegionId: 'cn-hangzhou-26', name: 'a-edge' }] },
    cbs: { regions: ['ap-guangzhou', 'ap-shanghai'], snapshots: [{ snapshotId: 'snap-a1', region: 'ap-guangzhou', diskId: 'disk-a1', name: 'a-db' }] },
    accounts: {
      'acct-b': {
        ecs: { snapshots: [{ snapshotId: 's-b1', regionId: HZ, diskId: 'd-b1', name: 'b-web' }] },
        cbs: { snapshots: [{ snapshotId: 'snap-b1', region: 'ap-guangzhou', diskId: 'disk-b1', name: 'b-db' }] },
      },
      'acct-c': {},
    },
  };
}

const cloud = localCloudPerFile(seed);

type Json = Record<string, unknown>;

async function ecsIds(key: AliyunKey, region = HZ): Promise<string[]> {
  const answer = await rpc(cloud.url, '2014-05-26', key, 'DescribeSnapshots', { RegionId: region });
  return (answer.Snapshots as { Snapshot: Json[] }).Snapshot.map((s) => String(s.SnapshotId));
}

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${cloud.url}${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: await res.json() };
}

describe('the state of several accounts', () => {
  it('keeps the default account at the top, in the shape it always had, and every other account under accounts', () => {
    const state = cloud.state();
    expect(state.accountId).toBe('acct-a');
    expect(state.ecs.snapshots.map((s) => s.snapshotId)).toEqual(['s-a1']);
    expect(state.cbs.snapshots.map((s) => s.snapshotId)).toEqual(['snap-a1']);
    expect(Object.keys(state.accounts).sort()).toEqual(['acct-b', 'acct-c']);
    expect(state.accounts['acct-b']?.ecs.snapshots.map((s) => s.snapshotId)).toEqual(['s-b1']);
    // Regions exist for every account: an account's sections take the default account's.
    expect(state.accounts['acct-b']?.ecs.regions).toEqual([HZ, SH]);
    expect(state.accounts['acct-c']).toEqual({
      ecs: { regions: [HZ, SH], snapshots: [] },
      ens: { regions: ['cn-hangzhou-26', 'cn-chengdu-26'], disks: [], snapshots: [] },
      cbs: { regions: ['ap-guangzhou', 'ap-shanghai'], snapshots: [] },
    });
  });

  it('names the default account "default" when the seed names none, and has no other', async () => {
    cloud.reset({ credentials: { aliyun: [A_KEY] }, ecs: { regions: [HZ], snapshots: [] } });
    const state = cloud.state();
    expect(state.accountId).toBe('default');
    expect(state.accounts).toEqual({});
    expect(await ecsIds(A_KEY)).toEqual([]);
    expect(cloud.calls().map((c) => c.accountId)).toEqual(['default']);
  });

  it('answers GET /_admin/state with the accounts too', async () => {
    const { body } = await admin('GET', '/_admin/state');
    expect(body).toMatchObject({ accountId: 'acct-a', ecs: { regions: [HZ, SH] }, accounts: { 'acct-b': { cbs: { snapshots: [{ snapshotId: 'snap-b1' }] } } } });
  });
});

describe('routing each call to the account of its key', () => {
  it('lists only the snapshots of the key\'s own account', async () => {
    expect(await ecsIds(A_KEY)).toEqual(['s-a1']);
    expect(await ecsIds(B_KEY)).toEqual(['s-b1']);
    const ens = await rpc(cloud.url, '2017-11-10', B_KEY, 'DescribeSnapshots', { EnsRegionId: 'cn-hangzhou-26' });
    expect(ens.Snapshots).toEqual([]);
    const cbs = await cbsClient(cloud.url, B_TC).DescribeSnapshots({});
    expect(cbs.SnapshotSet?.map((s) => s.SnapshotId)).toEqual(['snap-b1']);
  });

  it('makes a copy in the key\'s account and nowhere else', async () => {
    const copy = await rpc(cloud.url, '2014-05-26', B_KEY, 'CopySnapshot', { RegionId: HZ, SnapshotId: 's-b1', DestinationRegionId: SH });
    const cbsCopy = await cbsClient(cloud.url, B_TC).CopySnapshotCrossRegions({ SnapshotId: 'snap-b1', DestinationRegions: ['ap-shanghai'] });
    const state = cloud.state();
    const b = state.accounts['acct-b'];
    expect(b?.ecs.snapshots.find((s) => s.snapshotId === copy.SnapshotId)).toMatchObject({ regionId: SH, sourceSnapshotId: 's-b1' });
    expect(b?.cbs.snapshots.some((s) => s.snapshotId === cbsCopy.SnapshotCopyResultSet?.[0]?.SnapshotId)).toBe(true);
    expect(state.ecs.snapshots.map((s) => s.snapshotId)).toEqual(['s-a1']);
    expect(state.cbs.snapshots.map((s) => s.snapshotId)).toEqual(['snap-a1']);
    expect(state.accounts['acct-c']?.ecs.snapshots).toEqual([]);
  });

  it('does not let a key reach another account\'s snapshot', async () => {
    expect(await refusal(() => rpc(cloud.url, '2014-05-26', B_KEY, 'CopySnapshot', { RegionId: HZ, SnapshotId: 's-a1', DestinationRegionId: SH }))).toMatchObject({ code: 'InvalidSnapshotId.NotFound' });
    expect(await refusal(() => cbsClient(cloud.url, A_TC).DeleteSnapshots({ SnapshotIds: ['snap-b1'] }))).toMatchObject({ code: 'InvalidSnapshotId.NotFound' });
    expect(cloud.state().accounts['acct-b']?.cbs.snapshots.map((s) => s.snapshotId)).toEqual(['snap-b1']);
  });

  it('records the account of every call, and GET /_admin/calls?account= keeps one account\'s', async () => {
    await ecsIds(A_KEY);
    await ecsIds(B_KEY);
    await refusal(() => ecsIds({ accessKeyId: 'LTAInobody', accessKeySecret: 'x' }));
    expect(cloud.calls().map((c) => [c.accountId, c.code])).toEqual([['acct-a', 'OK'], ['acct-b', 'OK'], [undefined, 'InvalidAccessKeyId.NotFound']]);
    const { body } = await admin('GET', '/_admin/calls?account=acct-b');
    expect((body as CallRecord[]).map((c) => [c.service, c.action, c.accountId])).toEqual([['ecs', 'DescribeSnapshots', 'acct-b']]);
  });
});

describe('faults and rate limits per account', () => {
  it('keeps faults to the accounts named, and puts every account back under them with accounts: null', async () => {
    const config = cloud.setFaults({ errorRate: 1, accounts: ['acct-b'] });
    expect(config).toMatchObject({ errorRate: 1, accounts: ['acct-b'] });
    expect((await admin('GET', '/_admin/faults')).body).toMatchObject({ accounts: ['acct-b'] });
    expect(await ecsIds(A_KEY)).toEqual(['s-a1']);
    expect((await refusal(() => ecsIds(B_KEY))).code).toMatch(/^(InternalError|ServiceUnavailable)$/);
    expect((await admin('POST', '/_admin/faults', { accounts: null })).body).not.toHaveProperty('accounts');
    expect((await refusal(() => ecsIds(A_KEY))).code).toMatch(/^(InternalError|ServiceUnavailable)$/);
  });

  it('keeps copy faults to the accounts named', async () => {
    cloud.setFaults({ copyFailRate: 1, accounts: ['acct-b'] });
    await rpc(cloud.url, '2014-05-26', A_KEY, 'CopySnapshot', { RegionId: HZ, SnapshotId: 's-a1', DestinationRegionId: SH });
    await rpc(cloud.url, '2014-05-26', B_KEY, 'CopySnapshot', { RegionId: HZ, SnapshotId: 's-b1', DestinationRegionId: SH });
    cloud.advance(3600);
    const state = cloud.state();
    expect(state.ecs.snapshots.find((s) => s.sourceSnapshotId === 's-a1')?.status).toBe('accomplished');
    expect(state.accounts['acct-b']?.ecs.snapshots.find((s) => s.sourceSnapshotId === 's-b1')?.status).toBe('failed');
  });

  it('lifts the accounts filter at a reset', async () => {
    cloud.setFaults({ errorRate: 1, accounts: ['acct-b'] });
    cloud.reset(seed());
    expect(cloud.setFaults({ errorRate: 1 })).not.toHaveProperty('accounts');
    expect((await refusal(() => ecsIds(A_KEY))).code).toMatch(/^(InternalError|ServiceUnavailable)$/);
  });

  it('refuses an accounts filter that is not a list of ids', async () => {
    expect(await admin('POST', '/_admin/faults', { accounts: 'acct-b' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/accounts must be a list/) } });
  });

  it('counts each account\'s calls against the limit apart, as the real limits are per account', async () => {
    cloud.setRateLimits({ 'ecs.DescribeSnapshots': { limit: 1, windowSeconds: 60 } });
    expect(await ecsIds(A_KEY)).toEqual(['s-a1']);
    expect(await refusal(() => ecsIds(A_KEY))).toMatchObject({ code: 'Throttling.User' });
    expect(await ecsIds(B_KEY)).toEqual(['s-b1']);
  });
});

describe('seeds with accounts', () => {
  const refused: Array<[string, Seed, RegExp]> = [
    ['a key naming an account the seed does not have', { credentials: { aliyun: [{ ...B_KEY, accountId: 'acct-x' }] } }, /credentials.aliyun LTAIaccountb names account acct-x/],
    ['another account under the default account\'s id', { accountId: 'acct-a', accounts: { 'acct-a': {} } }, /accounts.acct-a is the default account/],
    ['an account section it does not know', { accounts: { 'acct-b': { rds: {} } as never } }, /accounts.acct-b.rds is not a section/],
    ['an account snapshot in a region that does not exist', { ecs: { regions: [HZ] }, accounts: { 'acct-b': { ecs: { snapshots: [{ snapshotId: 's-x', regionId: SH, diskId: 'd-x' }] } } } }, /accounts.acct-b: ecs seed: snapshot s-x names region cn-shanghai/],
    ['a role in an account the seed does not have', { roles: [{ arn: 'acs:ram::1:role/r', accountId: 'acct-x', trustedAccessKeyIds: [] }] }, /roles\[0\].accountId must be an account the seed has/],
    ['a role whose ARN names no cloud', { roles: [{ arn: 'arn:aws:iam::1:role/r', accountId: 'default', trustedAccessKeyIds: [] }] }, /roles\[0\].arn must be/],
    ['an Alibaba role granting less than an hour', { roles: [{ arn: 'acs:ram::1:role/r', accountId: 'default', trustedAccessKeyIds: [], maxSessionDuration: 900 }] }, /maxSessionDuration must be an integer from 3600 to 43200/],
  ];
  it.each(refused)('refuses %s, and keeps the state it had', async (_what, bad, message) => {
    const answer = await admin('POST', '/_admin/reset', bad);
    expect(answer.status).toBe(400);
    expect(String((answer.body as Json).error)).toMatch(message);
    expect(cloud.state().accounts['acct-b']?.ecs.snapshots.map((s) => s.snapshotId)).toEqual(['s-b1']);
  });
});
