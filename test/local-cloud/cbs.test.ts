import { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_client';
import { beforeAll, describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { CbsSnapshotSeed, Seed } from '../../local-cloud/index';
import { tc3Signature } from '../../local-cloud/wire/tc3';

// The emulator's CBS wire, driven by the real tencentcloud-sdk-nodejs client over loopback.

const KEY = { secretId: 'AKIDtest', secretKey: 'secret-test-0001' };
const TMP_KEY = { secretId: 'AKIDtmp', secretKey: 'tmp-secret-0001', sessionToken: 'tmp-token-0001' };
const REGIONS = ['ap-guangzhou', 'ap-beijing', 'ap-shanghai'];
const COPY_SECONDS = 300;

function seed(snapshots: CbsSnapshotSeed[] = []): Seed {
  return {
    credentials: { tencent: [KEY, TMP_KEY] },
    cbs: {
      regions: REGIONS,
      snapshots: [
        { snapshotId: 'snap-src00001', region: 'ap-guangzhou', diskId: 'disk-gz01', name: 'orders-db', state: 'NORMAL', diskSize: 100 },
        ...snapshots,
      ],
    },
    timing: { cbsCopySeconds: COPY_SECONDS },
  };
}

type Json = Record<string, unknown>;

/** `null` sends no X-TC-Region at all. */
function client(region: string | null = 'ap-guangzhou'): Client {
  const url = new URL(cloud.url);
  return new Client({
    credential: { secretId: KEY.secretId, secretKey: KEY.secretKey },
    ...(region !== null ? { region } : {}),
    profile: { httpProfile: { endpoint: url.host, protocol: 'http://', reqTimeout: 5 } },
  });
}

async function call(action: string, params: object, region: string | null = 'ap-guangzhou'): Promise<Json> {
  return (await client(region).request(action, params)) as Json;
}

/** The error code the emulator answered with (the call must fail). */
async function failure(action: string, params: object, region: string | null = 'ap-guangzhou'): Promise<string> {
  try {
    await call(action, params, region);
  } catch (raw) {
    return String((raw as { code?: unknown }).code);
  }
  throw new Error(`${action} unexpectedly succeeded`);
}

function snapshots(): Array<CbsSnapshotSeed & { copyingToRegions?: string[] }> {
  return cloud.state().cbs.snapshots;
}

function find(id: string): (CbsSnapshotSeed & { copyingToRegions?: string[] }) | undefined {
  return snapshots().find((s) => s.snapshotId === id);
}

interface CopyEntry {
  SnapshotId: string;
  DestinationRegion: string;
  Code: string;
  Message: string;
}

async function copy(params: Json): Promise<CopyEntry[]> {
  const answer = await call('CopySnapshotCrossRegions', params);
  return answer.SnapshotCopyResultSet as CopyEntry[];
}

async function describeIn(region: string, params: Json = {}): Promise<{ TotalCount: number; SnapshotSet: Json[] }> {
  return (await call('DescribeSnapshots', params, region)) as { TotalCount: number; SnapshotSet: Json[] };
}

beforeAll(() => {
  // The SDK sends even loopback traffic through a lowercase http_proxy.
  for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];
});
const cloud = localCloudPerFile(seed);

describe('CBS CopySnapshotCrossRegions', () => {
  it('copies to two regions with a Success per region, then the copies finish with the clock', async () => {
    const results = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing', 'ap-shanghai'] });
    expect(results.map((r) => [r.DestinationRegion, r.Code, r.Message])).toEqual([
      ['ap-beijing', 'Success', ''],
      ['ap-shanghai', 'Success', ''],
    ]);
    const [beijing, shanghai] = results.map((r) => r.SnapshotId);
    expect(beijing).toMatch(/^snap-[0-9a-z]{8,}$/);
    expect(shanghai).not.toBe(beijing);

    const copyInBeijing = find(beijing ?? '');
    expect(copyInBeijing).toMatchObject({
      region: 'ap-beijing',
      state: 'COPYING_FROM_REMOTE',
      sourceSnapshotId: 'snap-src00001',
      sourceRegion: 'ap-guangzhou',
      copyFromRemote: true,
      diskId: 'disk-gz01',
    });
    expect(find('snap-src00001')?.copyingToRegions).toEqual(['ap-beijing', 'ap-shanghai']);

    const inBeijing = await describeIn('ap-beijing');
    expect(inBeijing.SnapshotSet[0]).toMatchObject({ SnapshotId: beijing, SnapshotState: 'COPYING_FROM_REMOTE', CopyFromRemote: true });
    const source = (await describeIn('ap-guangzhou')).SnapshotSet[0];
    expect(source).toMatchObject({ SnapshotId: 'snap-src00001', CopyingToRegions: ['ap-beijing', 'ap-shanghai'] });

    cloud.advance(COPY_SECONDS - 5);
    expect(find(beijing ?? '')?.state).toBe('COPYING_FROM_REMOTE');
    cloud.advance(10);
    expect(find(beijing ?? '')?.state).toBe('NORMAL');
    expect(find(shanghai ?? '')?.state).toBe('NORMAL');
    expect(find('snap-src00001')?.copyingToRegions).toEqual([]);
    expect((await describeIn('ap-beijing')).SnapshotSet[0]).toMatchObject({ SnapshotState: 'NORMAL', Percent: 100 });
  });

  it('names a copy "Copied <id> from <region>" by default, and takes SnapshotName when given', async () => {
    const [first] = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing'] });
    expect(find(first?.SnapshotId ?? '')?.name).toBe('Copied snap-src00001 from ap-guangzhou');
    const [second] = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-shanghai'], SnapshotName: 'dr-copy' });
    expect(find(second?.SnapshotId ?? '')?.name).toBe('dr-copy');
  });

  it('answers ResourceInUse.CopySnapshotConflict for a region still being copied to, and lets the others proceed', async () => {
    await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing'] });
    const again = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing', 'ap-shanghai'] });
    expect(again.map((r) => [r.DestinationRegion, r.Code])).toEqual([
      ['ap-beijing', 'ResourceInUse.CopySnapshotConflict'],
      ['ap-shanghai', 'Success'],
    ]);
    expect(again[0]?.SnapshotId).toBe('');
    expect(snapshots().filter((s) => s.region === 'ap-beijing')).toHaveLength(1);

    // Once the copy has finished, copying again is a new copy, not a conflict.
    cloud.advance(COPY_SECONDS);
    const later = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing'] });
    expect(later[0]?.Code).toBe('Success');
  });

  it('fails a destination equal to the source region in its own entry', async () => {
    const results = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-guangzhou', 'ap-beijing'] });
    expect(results.map((r) => r.Code)).toEqual(['InvalidParameterValue', 'Success']);
    expect(snapshots().filter((s) => s.region === 'ap-guangzhou')).toHaveLength(1);
  });

  it('fails some regions and creates nothing for them under partial faults', async () => {
    cloud.setFaults({ partialRate: 0.5, seed: 1 });
    const results = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing', 'ap-shanghai'] });
    expect(results.map((r) => r.Code)).toEqual(['Success', 'ResourceBusy']);
    expect(results[1]?.SnapshotId).toBe('');
    expect(snapshots().filter((s) => s.region === 'ap-shanghai')).toEqual([]);
    expect(find('snap-src00001')?.copyingToRegions).toEqual(['ap-beijing']);

    cloud.setFaults({ partialRate: 1, seed: 1 });
    const none = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-shanghai'] });
    expect(none.map((r) => r.Code)).toEqual(['ResourceBusy']);
    expect(snapshots()).toHaveLength(2);
  });

  it('refuses the whole request for a bad source, region list or name', async () => {
    expect(await failure('CopySnapshotCrossRegions', { SnapshotId: 'snap-missing1', DestinationRegions: ['ap-beijing'] })).toBe('InvalidSnapshotId.NotFound');
    // The source must be in the request's region.
    expect(await failure('CopySnapshotCrossRegions', { SnapshotId: 'snap-src00001', DestinationRegions: ['ap-shanghai'] }, 'ap-beijing')).toBe(
      'InvalidSnapshotId.NotFound',
    );
    expect(await failure('CopySnapshotCrossRegions', { SnapshotId: 'snap-src00001', DestinationRegions: [] })).toBe('InvalidParameterValue');
    expect(await failure('CopySnapshotCrossRegions', { SnapshotId: 'snap-src00001', DestinationRegions: ['mars-1'] })).toBe('InvalidParameterValue');
    expect(await failure('CopySnapshotCrossRegions', { SnapshotId: 'snap-src00001' })).toBe('MissingParameter');
    expect(await failure('CopySnapshotCrossRegions', { SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing'], SnapshotName: 'x'.repeat(61) })).toBe(
      'InvalidParameterValue',
    );
    const atLimit = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing'], SnapshotName: 'x'.repeat(60) });
    expect(atLimit[0]?.Code).toBe('Success');
  });

  it('lets a copy drawn to fail disappear from its region when it would have finished (CBS has no failed state)', async () => {
    cloud.setFaults({ copyFailRate: 1 });
    const [result] = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing'] });
    expect(result?.Code).toBe('Success');
    expect(find(result?.SnapshotId ?? '')?.state).toBe('COPYING_FROM_REMOTE');
    expect(find('snap-src00001')?.copyingToRegions).toEqual(['ap-beijing']);
    cloud.advance(COPY_SECONDS);
    expect(find(result?.SnapshotId ?? '')).toBeUndefined();
    expect(find('snap-src00001')?.copyingToRegions).toEqual([]);
    expect((await describeIn('ap-beijing')).SnapshotSet).toEqual([]);
    // The region is free for another try.
    cloud.setFaults({ copyFailRate: 0 });
    expect((await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing'] }))[0]?.Code).toBe('Success');
  });

  it('finishes a 1-second copy in a second, and keeps a 4-hour one copying for 4 hours', async () => {
    cloud.reset({ ...seed(), timing: { cbsCopySeconds: 1 } });
    const [fast] = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing'] });
    cloud.advance(1);
    expect(find(fast?.SnapshotId ?? '')?.state).toBe('NORMAL');
    cloud.reset({ ...seed(), timing: { cbsCopySeconds: 4 * 3600 } });
    const [slow] = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing'] });
    cloud.advance(2 * 3600);
    expect((await describeIn('ap-beijing')).SnapshotSet[0]).toMatchObject({ SnapshotState: 'COPYING_FROM_REMOTE', Percent: expect.any(Number) });
    expect(((await describeIn('ap-beijing')).SnapshotSet[0] as { Percent: number }).Percent).toBeGreaterThanOrEqual(49);
    cloud.advance(2 * 3600);
    expect(find(slow?.SnapshotId ?? '')?.state).toBe('NORMAL');
  });

  it('copies only a NORMAL source', async () => {
    cloud.reset(seed([{ snapshotId: 'snap-busy0001', region: 'ap-guangzhou', diskId: 'disk-gz02', state: 'CREATING' }]));
    expect(await failure('CopySnapshotCrossRegions', { SnapshotId: 'snap-busy0001', DestinationRegions: ['ap-beijing'] })).toBe('InvalidSnapshot.NotSupported');
    cloud.advance(COPY_SECONDS);
    expect((await copy({ SnapshotId: 'snap-busy0001', DestinationRegions: ['ap-beijing'] }))[0]?.Code).toBe('Success');
  });

  it('finds the source by id when X-TC-Region is absent (the API does not require it)', async () => {
    const results = (await call('CopySnapshotCrossRegions', { SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing'] }, null))
      .SnapshotCopyResultSet as CopyEntry[];
    expect(results[0]?.Code).toBe('Success');
  });
});

describe('CBS DescribeSnapshots', () => {
  const many: CbsSnapshotSeed[] = Array.from({ length: 25 }, (_, i) => ({
    snapshotId: `snap-many${String(i).padStart(4, '0')}`,
    region: 'ap-guangzhou',
    diskId: i % 2 === 0 ? 'disk-even' : 'disk-odd',
    name: `batch-${i}`,
    state: i === 3 ? 'CREATING' : 'NORMAL',
    createTime: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
  }));

  it('answers the documented fields, with CreateTime as "YYYY-MM-DD HH:mm:ss"', async () => {
    cloud.reset(seed([{ snapshotId: 'snap-dated001', region: 'ap-shanghai', diskId: 'disk-sh1', name: 'dated', createTime: '2024-03-01T04:05:06Z', diskSize: 40 }]));
    const answer = await describeIn('ap-shanghai');
    expect(answer.TotalCount).toBe(1);
    expect(answer.SnapshotSet[0]).toMatchObject({
      SnapshotId: 'snap-dated001',
      SnapshotName: 'dated',
      SnapshotState: 'NORMAL',
      DiskId: 'disk-sh1',
      DiskSize: 40,
      DiskUsage: 'DATA_DISK',
      Percent: 100,
      // China Standard Time, as the API answers.
      CreateTime: '2024-03-01 12:05:06',
      DeadlineTime: '',
      IsPermanent: true,
      CopyFromRemote: false,
      CopyingToRegions: [],
      Encrypt: false,
      Placement: { Zone: 'ap-shanghai-1' },
    });
  });

  it('keeps regions apart', async () => {
    expect((await describeIn('ap-beijing')).TotalCount).toBe(0);
    expect((await describeIn('ap-guangzhou')).TotalCount).toBe(1);
  });

  it('filters by snapshot-id, disk-id, snapshot-state and snapshot-name, ANDed', async () => {
    cloud.reset(seed(many));
    const byId = await describeIn('ap-guangzhou', { Filters: [{ Name: 'snapshot-id', Values: ['snap-many0001', 'snap-many0002'] }] });
    expect(byId.SnapshotSet.map((s) => s.SnapshotId).sort()).toEqual(['snap-many0001', 'snap-many0002']);
    const byDisk = await describeIn('ap-guangzhou', { Filters: [{ Name: 'disk-id', Values: ['disk-odd'] }], Limit: 100 });
    expect(byDisk.TotalCount).toBe(12);
    const creating = await describeIn('ap-guangzhou', { Filters: [{ Name: 'snapshot-state', Values: ['CREATING'] }] });
    expect(creating.SnapshotSet.map((s) => s.SnapshotId)).toEqual(['snap-many0003']);
    const both = await describeIn('ap-guangzhou', {
      Filters: [
        { Name: 'disk-id', Values: ['disk-odd'] },
        { Name: 'snapshot-state', Values: ['NORMAL'] },
      ],
      Limit: 100,
    });
    expect(both.TotalCount).toBe(11);
    const byName = await describeIn('ap-guangzhou', { Filters: [{ Name: 'snapshot-name', Values: ['batch-24'] }] });
    expect(byName.SnapshotSet.map((s) => s.SnapshotName)).toEqual(['batch-24']);
    const byIds = await describeIn('ap-guangzhou', { SnapshotIds: ['snap-many0010', 'snap-src00001', 'snap-absent01'] });
    expect(byIds.TotalCount).toBe(2);
  });

  it('pages with Offset and Limit (default 20, at most 100) and counts every match in TotalCount', async () => {
    cloud.reset(seed(many));
    const first = await describeIn('ap-guangzhou');
    expect(first.TotalCount).toBe(26);
    expect(first.SnapshotSet).toHaveLength(20);
    const rest = await describeIn('ap-guangzhou', { Offset: 20, Limit: 20 });
    expect(rest.TotalCount).toBe(26);
    expect(rest.SnapshotSet).toHaveLength(6);
    const ids = [...first.SnapshotSet, ...rest.SnapshotSet].map((s) => s.SnapshotId);
    expect(new Set(ids).size).toBe(26);
    // Newest first by default; ASC reverses.
    expect(first.SnapshotSet[1]?.SnapshotId).toBe('snap-many0024');
    const oldest = await describeIn('ap-guangzhou', { Order: 'ASC', OrderField: 'CREATE_TIME', Limit: 1 });
    expect(oldest.SnapshotSet[0]?.SnapshotId).toBe('snap-many0000');
    expect(await failure('DescribeSnapshots', { Limit: 101 })).toBe('InvalidParameterValue');
    expect(await failure('DescribeSnapshots', { Offset: -1 })).toBe('InvalidParameterValue');
  });

  it('refuses unknown filters, SnapshotIds beside Filters, and more than 10 disk ids', async () => {
    expect(await failure('DescribeSnapshots', { Filters: [{ Name: 'snapshot-colour', Values: ['red'] }] })).toBe('InvalidFilter');
    expect(await failure('DescribeSnapshots', { SnapshotIds: ['snap-src00001'], Filters: [{ Name: 'disk-id', Values: ['disk-gz01'] }] })).toBe(
      'InvalidParameterValue',
    );
    const disks = Array.from({ length: 11 }, (_, i) => `disk-${i}`);
    expect(await failure('DescribeSnapshots', { Filters: [{ Name: 'disk-id', Values: disks }] })).toBe('InvalidParameterValue');
  });

  it('needs X-TC-Region and refuses a region it does not serve', async () => {
    expect(await failure('DescribeSnapshots', {}, null)).toBe('MissingParameter');
    expect(cloud.calls().at(-1)?.region).toBeUndefined();
    expect(await failure('DescribeSnapshots', {}, 'eu-moon-1')).toBe('UnsupportedRegion');
  });
});

describe('CBS ModifySnapshotAttribute', () => {
  it('sets a deadline that shows in state and in DescribeSnapshots, then the snapshot expires', async () => {
    const [entry] = await copy({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing'] });
    const copyId = entry?.SnapshotId ?? '';
    const deadline = new Date(Date.now() + 7 * 86400_000);
    deadline.setUTCMilliseconds(0);
    // Retention is set on the copy, in the destination region, while it is still copying.
    await call('ModifySnapshotAttribute', { SnapshotId: copyId, IsPermanent: false, Deadline: deadline.toISOString() }, 'ap-beijing');
    expect(find(copyId)).toMatchObject({ deadline: deadline.toISOString().replace('.000Z', 'Z'), isPermanent: false });
    const described = (await describeIn('ap-beijing')).SnapshotSet[0];
    const cst = new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(described).toMatchObject({ SnapshotId: copyId, IsPermanent: false, DeadlineTime: cst });

    cloud.advance(8 * 86400);
    expect(find(copyId)).toBeUndefined();
  });

  it('accepts a Deadline as "YYYY-MM-DD HH:mm:ss" in China Standard Time', async () => {
    await call('ModifySnapshotAttribute', { SnapshotId: 'snap-src00001', IsPermanent: false, Deadline: '2099-01-02 08:00:00' });
    expect(find('snap-src00001')?.deadline).toBe('2099-01-02T00:00:00Z');
  });

  it('renames, and makes a snapshot permanent again', async () => {
    await call('ModifySnapshotAttribute', { SnapshotId: 'snap-src00001', IsPermanent: false, Deadline: '2099-01-01T00:00:00+00:00' });
    await call('ModifySnapshotAttribute', { SnapshotId: 'snap-src00001', SnapshotName: 'renamed', IsPermanent: true });
    const s = find('snap-src00001');
    expect(s).toMatchObject({ name: 'renamed', isPermanent: true });
    expect(s?.deadline).toBeUndefined();
  });

  it('refuses a Deadline without IsPermanent=false, a past or malformed one, and unknown snapshots', async () => {
    const future = '2099-01-01T00:00:00Z';
    expect(await failure('ModifySnapshotAttribute', { SnapshotId: 'snap-src00001', Deadline: future })).toBe('MissingParameter');
    expect(await failure('ModifySnapshotAttribute', { SnapshotId: 'snap-src00001', IsPermanent: true, Deadline: future })).toBe('InvalidParameterValue');
    expect(await failure('ModifySnapshotAttribute', { SnapshotId: 'snap-src00001', IsPermanent: false, Deadline: '2001-01-01T00:00:00Z' })).toBe(
      'InvalidParameterValue',
    );
    expect(await failure('ModifySnapshotAttribute', { SnapshotId: 'snap-src00001', IsPermanent: false, Deadline: 'next week' })).toBe('InvalidParameterValue');
    expect(await failure('ModifySnapshotAttribute', { SnapshotId: 'snap-src00001', SnapshotName: 'n'.repeat(61) })).toBe('InvalidParameterValue');
    expect(await failure('ModifySnapshotAttribute', { SnapshotId: 'snap-missing1', SnapshotName: 'x' })).toBe('InvalidSnapshotId.NotFound');
    expect(find('snap-src00001')).toMatchObject({ isPermanent: true, name: 'orders-db' });
  });
});

describe('CBS DeleteSnapshots', () => {
  it('deletes NORMAL snapshots, all or nothing', async () => {
    cloud.reset(seed([
      { snapshotId: 'snap-del00001', region: 'ap-guangzhou', diskId: 'disk-gz01' },
      { snapshotId: 'snap-del00002', region: 'ap-guangzhou', diskId: 'disk-gz01', state: 'CREATING' },
    ]));
    expect(await failure('DeleteSnapshots', { SnapshotIds: ['snap-del00001', 'snap-del00002'] })).toBe('InvalidSnapshot.NotSupported');
    expect(await failure('DeleteSnapshots', { SnapshotIds: ['snap-del00001', 'snap-missing1'] })).toBe('InvalidSnapshotId.NotFound');
    expect(find('snap-del00001')).toBeDefined();

    await call('DeleteSnapshots', { SnapshotIds: ['snap-del00001'] });
    expect(find('snap-del00001')).toBeUndefined();
    expect(find('snap-src00001')).toBeDefined();
    expect((await describeIn('ap-guangzhou', { SnapshotIds: ['snap-del00001'] })).TotalCount).toBe(0);
  });
});

describe('CBS wire', () => {
  it('refuses unknown actions and parameters, and logs each call with its code', async () => {
    expect(await failure('DescribeSnapshotz', {})).toBe('InvalidAction');
    expect(await failure('DescribeSnapshots', { SnapshotIDs: ['snap-src00001'] })).toBe('UnknownParameter');
    await call('DescribeSnapshots', {});
    expect(cloud.calls().map((c) => [c.service, c.action, c.code, c.region])).toEqual([
      ['cbs', 'DescribeSnapshotz', 'InvalidAction', 'ap-guangzhou'],
      ['cbs', 'DescribeSnapshots', 'UnknownParameter', 'ap-guangzhou'],
      ['cbs', 'DescribeSnapshots', 'OK', 'ap-guangzhou'],
    ]);
  });

  it('refuses a request signed with a timestamp older than 5 minutes (AuthFailure.SignatureExpire)', async () => {
    const url = new URL(cloud.url);
    const body = JSON.stringify({});
    const timestamp = Math.floor(Date.now() / 1000) - 3600;
    const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
    const contentType = 'application/json';
    const signature = tc3Signature({
      method: 'POST',
      path: '/',
      query: '',
      canonicalHeaders: `content-type:${contentType}\nhost:${url.hostname}\n`,
      signedHeaders: 'content-type;host',
      body,
      timestamp,
      service: 'cbs',
      secretKey: KEY.secretKey,
    });
    const headers = {
      'content-type': contentType,
      'x-tc-action': 'DescribeSnapshots',
      'x-tc-version': '2017-03-12',
      'x-tc-region': 'ap-guangzhou',
      'x-tc-timestamp': String(timestamp),
      authorization: `TC3-HMAC-SHA256 Credential=${KEY.secretId}/${date}/cbs/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`,
    };
    const stale = (await (await fetch(cloud.url, { method: 'POST', headers, body })).json()) as { Response: { Error?: { Code: string } } };
    expect(stale.Response.Error?.Code).toBe('AuthFailure.SignatureExpire');

    // The same request signed now is accepted, so the refusal above was the timestamp alone.
    const now = Math.floor(Date.now() / 1000);
    const fresh = tc3Signature({
      method: 'POST', path: '/', query: '', canonicalHeaders: `content-type:${contentType}\nhost:${url.hostname}\n`,
      signedHeaders: 'content-type;host', body, timestamp: now, service: 'cbs', secretKey: KEY.secretKey,
    });
    const freshDate = new Date(now * 1000).toISOString().slice(0, 10);
    const ok = (await (
      await fetch(cloud.url, {
        method: 'POST',
        headers: {
          ...headers,
          'x-tc-timestamp': String(now),
          authorization: `TC3-HMAC-SHA256 Credential=${KEY.secretId}/${freshDate}/cbs/tc3_request, SignedHeaders=content-type;host, Signature=${fresh}`,
        },
        body,
      })
    ).json()) as { Response: { Error?: unknown; TotalCount?: number } };
    expect(ok.Response.Error).toBeUndefined();
    expect(ok.Response.TotalCount).toBe(1);
  });
});
