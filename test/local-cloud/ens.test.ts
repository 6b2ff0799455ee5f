import RPCClient from '@alicloud/pop-core/lib/rpc';
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { EnsSnapshotSeed, Seed } from '../../local-cloud/index';

// The emulator's ENS wire, driven by the real pop-core client over loopback.

const KEY = { accessKeyId: 'AKtest', accessKeySecret: 'secret-test-0001' };
const STS_KEY = { accessKeyId: 'STS.test', accessKeySecret: 'sts-secret-0001', securityToken: 'sts-token-0001' };
const NODES = ['cn-hangzhou-26', 'cn-chengdu-26', 'cn-shenzhen-3'];

function seed(extra: Partial<NonNullable<Seed['ens']>> = {}): Seed {
  return {
    credentials: { aliyun: [KEY, STS_KEY] },
    ens: {
      regions: NODES,
      disks: [
        { diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26', size: 40 },
        { diskId: 'd-edge2', ensRegionId: 'cn-chengdu-26', size: 20 },
      ],
      snapshots: [
        { snapshotId: 'sp-src1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge-a', status: 'available', size: 40 },
        { snapshotId: 'sp-busy1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge-b', status: 'creating', size: 40 },
      ],
      ...extra,
    },
  };
}

type Json = Record<string, unknown>;

function client(key: { accessKeyId: string; accessKeySecret: string; securityToken?: string } = KEY): RPCClient {
  return new RPCClient({ endpoint: cloud.url, apiVersion: '2017-11-10', ...key });
}

async function call(action: string, params: object, c = client()): Promise<Json> {
  return c.request<Json>(action, params, { method: 'POST', formatParams: false });
}

/** The error code and HTTP status the emulator answered with (the call must fail). */
async function failure(action: string, params: object, c = client()): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await call(action, params, c);
  } catch (raw) {
    const err = raw as { code?: unknown; message?: unknown; entry?: { response?: { statusCode?: unknown } } };
    const status = err.entry?.response?.statusCode;
    return { code: String(err.code), status: typeof status === 'number' ? status : undefined, message: String(err.message) };
  }
  throw new Error(`${action} unexpectedly succeeded`);
}

function snapshots(): EnsSnapshotSeed[] {
  return cloud.state().ens.snapshots;
}

function copies(): EnsSnapshotSeed[] {
  return snapshots().filter((s) => s.sourceSnapshotId !== undefined);
}

const cloud = localCloudPerFile(seed);

describe('ENS CopySnapshot', () => {
  it('copies to several nodes with AllSuccess and records lineage in state', async () => {
    const answer = await call('CopySnapshot', {
      SnapshotId: 'sp-src1',
      DestinationRegionIds: JSON.stringify(['cn-chengdu-26', 'cn-shenzhen-3']),
      DestinationSnapshotName: 'edge-a-copy',
      DestinationSnapshotDescription: 'copied by test',
    });
    expect(answer.BizStatusCode).toBe('AllSuccess');
    expect(answer.UnAllocationId).toEqual([]);
    expect(typeof answer.RequestId).toBe('string');
    const allocated = answer.AllocationId as Array<{ EnsRegionId: string; InstanceId: string[] }>;
    expect(allocated.map((a) => a.EnsRegionId)).toEqual(['cn-chengdu-26', 'cn-shenzhen-3']);
    for (const a of allocated) expect(a.InstanceId).toHaveLength(1);

    const made = copies();
    expect(made.map((c) => c.snapshotId).sort()).toEqual(allocated.map((a) => a.InstanceId[0]).sort());
    for (const c of made) {
      expect(c.snapshotId).toMatch(/^sp-/);
      expect(c).toMatchObject({
        sourceSnapshotId: 'sp-src1',
        sourceRegion: 'cn-hangzhou-26',
        name: 'edge-a-copy',
        description: 'copied by test',
        diskId: 'd-edge1',
        size: 40,
        status: 'creating',
      });
    }
    const logged = cloud.calls().filter((c) => c.service === 'ens' && c.action === 'CopySnapshot');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.code).toBe('OK');
  });

  it('finishes copies only when the clock passes the copy time', async () => {
    await call('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26"]', DestinationSnapshotName: 'edge-a-copy' });
    cloud.advance(239);
    expect(copies()[0]?.status).toBe('creating');
    cloud.advance(1);
    expect(copies()[0]?.status).toBe('available');
    expect(copies()[0]?.completesAt).toBeUndefined();
  });

  it('takes DestinationRegionIds only as the JSON string the official client sends, not flattened', async () => {
    // pop-core flattens an array parameter to DestinationRegionIds.1, DestinationRegionIds.2.
    expect(await failure('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: ['cn-shenzhen-3', 'cn-chengdu-26'] })).toMatchObject({
      code: 'MissingParameter',
      status: 400,
    });
    expect(copies()).toEqual([]);
  });

  it('finishes copies in 1 second or in 3 hours, as the seed\'s timing says', async () => {
    cloud.reset({ ...seed(), timing: { ensCopySeconds: 1 } });
    await call('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26"]' });
    cloud.advance(1);
    expect(copies()[0]?.status).toBe('available');
    cloud.reset({ ...seed(), timing: { ensCopySeconds: 3 * 3600 } });
    await call('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26"]' });
    cloud.advance(3 * 3600 - 60);
    expect(copies()[0]?.status).toBe('creating');
    cloud.advance(60);
    expect(copies()[0]?.status).toBe('available');
  });

  it('ends a copy drawn to fail in the error state on its node, when it would have finished', async () => {
    cloud.setFaults({ copyFailRate: 1 });
    const answer = await call('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26"]' });
    expect(answer.BizStatusCode).toBe('AllSuccess');
    expect(copies()[0]?.status).toBe('creating');
    cloud.advance(240);
    expect(copies()[0]?.status).toBe('error');
    const listed = await call('DescribeSnapshots', { EnsRegionId: 'cn-chengdu-26' });
    expect((listed.Snapshots as Json[])[0]).toMatchObject({ Status: 'error', SourceSnapshotId: 'sp-src1' });
  });

  it('answers PartSuccess when some nodes fail, and copies exist only on the allocated nodes', async () => {
    cloud.setFaults({ partialRate: 0.5, seed: 1 });
    const answer = await call('CopySnapshot', {
      SnapshotId: 'sp-src1',
      DestinationRegionIds: JSON.stringify(['cn-chengdu-26', 'cn-shenzhen-3']),
      DestinationSnapshotName: 'edge-a-copy',
    });
    const allocated = answer.AllocationId as Array<{ EnsRegionId: string; InstanceId: string[] }>;
    const unallocated = answer.UnAllocationId as Array<{ EnsRegionId: string }>;
    expect(answer.BizStatusCode).toBe('PartSuccess');
    expect(allocated.length).toBeGreaterThan(0);
    expect(unallocated.length).toBeGreaterThan(0);
    expect([...allocated.map((a) => a.EnsRegionId), ...unallocated.map((u) => u.EnsRegionId)].sort()).toEqual(['cn-chengdu-26', 'cn-shenzhen-3']);
    const made = copies();
    expect(made.map((c) => c.ensRegionId).sort()).toEqual(allocated.map((a) => a.EnsRegionId).sort());
    expect(made.map((c) => c.snapshotId).sort()).toEqual(allocated.flatMap((a) => a.InstanceId).sort());
  });

  it('answers PartSuccess with every node in UnAllocationId when all of them fail', async () => {
    cloud.setFaults({ partialRate: 1, seed: 3 });
    const answer = await call('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26","cn-shenzhen-3"]' });
    expect(answer).toMatchObject({
      BizStatusCode: 'PartSuccess',
      AllocationId: [],
      UnAllocationId: [{ EnsRegionId: 'cn-chengdu-26' }, { EnsRegionId: 'cn-shenzhen-3' }],
    });
    expect(copies()).toEqual([]);
  });

  it('refuses an unknown source and one that is not available yet', async () => {
    expect(await failure('CopySnapshot', { SnapshotId: 'sp-nope', DestinationRegionIds: '["cn-chengdu-26"]' })).toMatchObject({
      code: 'InvalidSnapshotId.NotFound',
      status: 400,
    });
    expect(await failure('CopySnapshot', { SnapshotId: 'sp-busy1', DestinationRegionIds: '["cn-chengdu-26"]' })).toMatchObject({
      code: 'InvalidSnapshotId.NotReady',
      status: 400,
    });
    cloud.advance(60);
    const answer = await call('CopySnapshot', { SnapshotId: 'sp-busy1', DestinationRegionIds: '["cn-chengdu-26"]' });
    expect(answer.BizStatusCode).toBe('AllSuccess');
  });

  const base = { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26"]' };
  const cases: Array<[string, object, string]> = [
    ['no SnapshotId', { DestinationRegionIds: '["cn-chengdu-26"]' }, 'MissingParameter'],
    ['no DestinationRegionIds', { SnapshotId: 'sp-src1' }, 'MissingParameter'],
    ['DestinationRegionIds not JSON', { ...base, DestinationRegionIds: 'cn-chengdu-26' }, 'InvalidDestinationRegionIds'],
    ['DestinationRegionIds not strings', { ...base, DestinationRegionIds: '[1,2]' }, 'InvalidDestinationRegionIds'],
    ['DestinationRegionIds empty', { ...base, DestinationRegionIds: '[]' }, 'InvalidDestinationRegionIds'],
    ['a node twice', { ...base, DestinationRegionIds: '["cn-chengdu-26","cn-chengdu-26"]' }, 'InvalidDestinationRegionIds'],
    ['an unknown node', { ...base, DestinationRegionIds: '["cn-chengdu-26","cn-nowhere-1"]' }, 'InvalidDestinationRegionIds.NotFound'],
    ['the source node', { ...base, DestinationRegionIds: '["cn-hangzhou-26"]' }, 'InvalidDestinationRegionIds.SameAsSource'],
    ['a one-character name', { ...base, DestinationSnapshotName: 'a' }, 'InvalidDestinationSnapshotName'],
    ['a 129-character name', { ...base, DestinationSnapshotName: `a${'b'.repeat(128)}` }, 'InvalidDestinationSnapshotName'],
    ['a name starting with a digit', { ...base, DestinationSnapshotName: '1copy' }, 'InvalidDestinationSnapshotName'],
    ['a name starting with http://', { ...base, DestinationSnapshotName: 'http://copy' }, 'InvalidDestinationSnapshotName'],
    ['a one-character description', { ...base, DestinationSnapshotDescription: 'x' }, 'InvalidDestinationSnapshotDescription'],
    ['a description starting with https://', { ...base, DestinationSnapshotDescription: 'https://x.example' }, 'InvalidDestinationSnapshotDescription'],
    ['a 257-character description', { ...base, DestinationSnapshotDescription: 'd'.repeat(257) }, 'InvalidDestinationSnapshotDescription'],
  ];
  it.each(cases)('refuses %s', async (_label, params, code) => {
    expect(await failure('CopySnapshot', params)).toMatchObject({ code, status: 400 });
    expect(copies()).toEqual([]);
    expect(cloud.calls().at(-1)?.code).toBe(code);
  });

  it('accepts the edges of the name and description rules', async () => {
    const answer = await call('CopySnapshot', {
      ...base,
      DestinationSnapshotName: '边缘快照',
      DestinationSnapshotDescription: 'd'.repeat(256),
    });
    expect(answer.BizStatusCode).toBe('AllSuccess');
    const long = await call('CopySnapshot', { ...base, DestinationSnapshotName: `a${'b'.repeat(127)}`, DestinationSnapshotDescription: 'ok' });
    expect(long.BizStatusCode).toBe('AllSuccess');
    expect(copies().map((c) => c.name)).toEqual(['边缘快照', `a${'b'.repeat(127)}`]);
  });
});

describe('ENS CreateSnapshot', () => {
  it('creates a snapshot that is creating until the clock passes the create time', async () => {
    const answer = await call('CreateSnapshot', { DiskId: 'd-edge1', EnsRegionId: 'cn-hangzhou-26', SnapshotName: 'edge:nightly_1-a', Description: 'nightly' });
    // A list, as the SDK model has it.
    expect(answer.SnapShotId).toEqual([expect.stringMatching(/^sp-/)]);
    const id = (answer.SnapShotId as string[])[0] ?? '';
    expect(answer.OrderId).toMatch(/^\d+$/);
    const listed = await call('DescribeSnapshots', { SnapshotId: JSON.stringify([id]) });
    expect(listed.Snapshots).toEqual([
      expect.objectContaining({
        SnapshotId: id,
        SnapshotName: 'edge:nightly_1-a',
        Description: 'nightly',
        Status: 'creating',
        EnsRegionId: 'cn-hangzhou-26',
        SourceDiskId: 'd-edge1',
        SourceDiskType: '2',
        SourceDiskCategory: 'cloud_efficiency',
        Size: '40',
      }),
    ]);
    expect((listed.Snapshots as Json[])[0]).not.toHaveProperty('SourceSnapshotId');
    cloud.advance(59);
    expect(snapshots().find((s) => s.snapshotId === id)?.status).toBe('creating');
    cloud.advance(1);
    const after = await call('DescribeSnapshots', { SnapshotId: id });
    expect((after.Snapshots as Json[])[0]?.Status).toBe('available');
    expect(snapshots().find((s) => s.snapshotId === id)).toMatchObject({ status: 'available', diskId: 'd-edge1', size: 40 });
  });

  it('answers SnapShotId as one string, ids with s-, in the variants of the older pages', async () => {
    cloud.reset({ ...seed(), variants: { ensSnapShotId: 'string', ensSnapshotIdPrefix: 's-' } });
    const answer = await call('CreateSnapshot', { DiskId: 'd-edge1', EnsRegionId: 'cn-hangzhou-26' });
    expect(answer.SnapShotId).toEqual(expect.stringMatching(/^s-/));
    const copy = await call('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26"]' });
    expect((copy.AllocationId as Array<{ InstanceId: string[] }>)[0]?.InstanceId).toEqual([expect.stringMatching(/^s-/)]);
  });

  const base = { DiskId: 'd-edge1', EnsRegionId: 'cn-hangzhou-26' };
  const cases: Array<[string, object, string]> = [
    ['no DiskId', { EnsRegionId: 'cn-hangzhou-26' }, 'MissingParameter'],
    ['no EnsRegionId', { DiskId: 'd-edge1' }, 'MissingParameter'],
    ['an unknown node', { ...base, EnsRegionId: 'cn-nowhere-1' }, 'InvalidParameter.EnsRegionId'],
    ['an unknown disk', { ...base, DiskId: 'd-nope' }, 'InvalidParameter.DiskId'],
    ['a disk of another node', { ...base, DiskId: 'd-edge2' }, 'InvalidParameter.DiskId'],
    ['a one-character name', { ...base, SnapshotName: 'a' }, 'InvalidParameter.SnapshotName'],
    ['a name starting with a digit', { ...base, SnapshotName: '1nightly' }, 'InvalidParameter.SnapshotName'],
    ['a name with a dot', { ...base, SnapshotName: 'nightly.1' }, 'InvalidParameter.SnapshotName'],
    ['a name starting with https://', { ...base, SnapshotName: 'https://x' }, 'InvalidParameter.SnapshotName'],
    ['a 129-character name', { ...base, SnapshotName: `a${'b'.repeat(128)}` }, 'InvalidParameter.SnapshotName'],
    ['a one-character description', { ...base, Description: 'x' }, 'InvalidParameter.Description'],
    ['a description starting with http://', { ...base, Description: 'http://x' }, 'InvalidParameter.Description'],
  ];
  it.each(cases)('refuses %s', async (_label, params, code) => {
    const before = snapshots().length;
    expect(await failure('CreateSnapshot', params)).toMatchObject({ code, status: 400 });
    expect(snapshots()).toHaveLength(before);
  });
});

describe('ENS DescribeSnapshots', () => {
  const many = Array.from({ length: 25 }, (_, i) => ({
    snapshotId: `sp-many${String(i).padStart(2, '0')}`,
    ensRegionId: i % 2 === 0 ? 'cn-hangzhou-26' : 'cn-chengdu-26',
    diskId: i % 2 === 0 ? 'd-edge1' : 'd-edge2',
    name: `many${i}`,
    status: 'available',
  }));

  it('pages through every snapshot, 10 by default', async () => {
    cloud.reset(seed({ snapshots: many }));
    const first = await call('DescribeSnapshots', {});
    expect(first).toMatchObject({ PageNumber: 1, PageSize: 10, TotalCount: 25 });
    expect(first.Snapshots).toHaveLength(10);
    const ids: string[] = [];
    for (const page of [1, 2, 3]) {
      const answer = await call('DescribeSnapshots', { PageNumber: page, PageSize: 10 });
      ids.push(...(answer.Snapshots as Json[]).map((s) => String(s.SnapshotId)));
    }
    expect(ids).toEqual(many.map((s) => s.snapshotId));
    const beyond = await call('DescribeSnapshots', { PageNumber: 4, PageSize: 10 });
    expect(beyond).toMatchObject({ Snapshots: [], TotalCount: 25 });
  });

  it('filters by node, nodes, ids, disk and name, and has no status filter', async () => {
    cloud.reset(seed({ snapshots: many }));
    const byNode = await call('DescribeSnapshots', { EnsRegionId: 'cn-chengdu-26', PageSize: 100 });
    expect(byNode.TotalCount).toBe(12);
    const byNodes = await call('DescribeSnapshots', { EnsRegionIds: '["cn-chengdu-26","cn-shenzhen-3"]', PageSize: 100 });
    expect(byNodes.TotalCount).toBe(12);
    const byIds = await call('DescribeSnapshots', { SnapshotId: '["sp-many03","sp-many07","sp-missing"]' });
    expect((byIds.Snapshots as Json[]).map((s) => s.SnapshotId)).toEqual(['sp-many03', 'sp-many07']);
    const byDisk = await call('DescribeSnapshots', { DiskId: 'd-edge1', PageSize: 100 });
    expect(byDisk.TotalCount).toBe(13);
    const byName = await call('DescribeSnapshots', { SnapshotName: 'many4' });
    expect((byName.Snapshots as Json[]).map((s) => s.SnapshotId)).toEqual(['sp-many04']);
    await call('CreateSnapshot', { DiskId: 'd-edge1', EnsRegionId: 'cn-hangzhou-26' });
    // The request model has no Status: a Status sent is not read, every status comes back.
    const creating = await call('DescribeSnapshots', { Status: 'creating' });
    expect(creating.TotalCount).toBe(26);
  });

  it('names a copy\'s source snapshot and node, and its disk\'s type and category', async () => {
    cloud.reset(seed({ disks: [{ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26', size: 40, type: 'system', category: 'cloud_ssd' }] }));
    await call('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26"]' });
    const answer = await call('DescribeSnapshots', { EnsRegionId: 'cn-chengdu-26' });
    expect(answer.Snapshots).toEqual([
      expect.objectContaining({
        EnsRegionId: 'cn-chengdu-26',
        SourceSnapshotId: 'sp-src1',
        SourceEnsRegionId: 'cn-hangzhou-26',
        SourceDiskId: 'd-edge1',
        SourceDiskType: '1',
        SourceDiskCategory: 'cloud_ssd',
      }),
    ]);
  });

  it('answers CreationTime as ISO 8601, or naive UTC in the variant of the API page', async () => {
    const creationTime = '2024-05-06T07:08:09Z';
    const one = { snapshotId: 'sp-t1', ensRegionId: 'cn-hangzhou-26', status: 'available', creationTime };
    cloud.reset(seed({ snapshots: [one] }));
    expect(((await call('DescribeSnapshots', {})).Snapshots as Json[])[0]?.CreationTime).toBe('2024-05-06T07:08:09Z');
    cloud.reset({ ...seed({ snapshots: [one] }), variants: { ensCreationTime: 'naive' } });
    expect(((await call('DescribeSnapshots', {})).Snapshots as Json[])[0]?.CreationTime).toBe('2024-05-06 07:08:09');
  });

  const cases: Array<[string, object, string]> = [
    ['PageSize 101', { PageSize: 101 }, 'InvalidParameter.PageSize'],
    ['PageSize 0', { PageSize: 0 }, 'InvalidParameter.PageSize'],
    ['PageNumber 0', { PageNumber: 0 }, 'InvalidParameter.PageNumber'],
    ['PageNumber not a number', { PageNumber: 'two' }, 'InvalidParameter.PageNumber'],
    ['SnapshotId a broken JSON array', { SnapshotId: '["sp-1"' }, 'InvalidParameter.SnapshotId'],
    ['SnapshotId with 101 ids', { SnapshotId: JSON.stringify(Array.from({ length: 101 }, (_, i) => `sp-${i}`)) }, 'InvalidParameter.SnapshotId'],
    ['EnsRegionIds not a JSON array', { EnsRegionIds: 'cn-chengdu-26' }, 'InvalidParameter.EnsRegionIds'],
    ['EnsRegionIds empty', { EnsRegionIds: '[]' }, 'InvalidParameter.EnsRegionIds'],
  ];
  it.each(cases)('refuses %s', async (_label, params, code) => {
    expect(await failure('DescribeSnapshots', params)).toMatchObject({ code, status: 400 });
  });
});

describe('ENS DeleteSnapshot', () => {
  it('removes one snapshot and answers a documented code for one that is not there', async () => {
    await call('DeleteSnapshot', { SnapshotId: 'sp-src1' });
    expect(snapshots().map((s) => s.snapshotId)).toEqual(['sp-busy1']);
    expect(await failure('DeleteSnapshot', { SnapshotId: 'sp-src1' })).toMatchObject({ code: 'ERROR_SNAPSHOT_NOT_FOUND', status: 400 });
    expect(await failure('DeleteSnapshot', {})).toMatchObject({ code: 'MissingParameter' });
    expect(snapshots()).toHaveLength(1);
  });

  it('answers INSTANCE_ID_NOT_FOUND instead in that variant', async () => {
    cloud.reset({ ...seed(), variants: { ensSnapshotNotFound: 'INSTANCE_ID_NOT_FOUND' } });
    expect(await failure('DeleteSnapshot', { SnapshotId: 'sp-nope' })).toMatchObject({ code: 'INSTANCE_ID_NOT_FOUND', status: 400 });
  });

  it('takes only SnapshotId: an EnsRegionId beside it is not read', async () => {
    await call('DeleteSnapshot', { SnapshotId: 'sp-src1', EnsRegionId: 'cn-chengdu-26' });
    expect(snapshots().map((s) => s.snapshotId)).toEqual(['sp-busy1']);
  });

  it('refuses to delete a copy still being made, or its source, until the copy is done', async () => {
    const answer = await call('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26"]' });
    const copyId = (answer.AllocationId as Array<{ InstanceId: string[] }>)[0]?.InstanceId[0] ?? '';
    expect(await failure('DeleteSnapshot', { SnapshotId: copyId })).toMatchObject({ code: 'ERROR_SNAPSHOT_COPY_IN_PROGRESS', status: 400 });
    expect(await failure('DeleteSnapshot', { SnapshotId: 'sp-src1' })).toMatchObject({ code: 'ERROR_SNAPSHOT_COPY_IN_PROGRESS' });
    expect(await failure('DeleteSnapshot', { SnapshotId: 'sp-busy1' })).toMatchObject({ code: 'DISK_SNAPSHOT_STATUS_NOT_MATCH' });
    expect(snapshots()).toHaveLength(3);
    cloud.advance(240);
    await call('DeleteSnapshot', { SnapshotId: copyId });
    await call('DeleteSnapshot', { SnapshotId: 'sp-src1' });
    expect(snapshots().map((s) => s.snapshotId)).toEqual(['sp-busy1']);
  });

  it('deletes a copy that ended in error', async () => {
    cloud.setFaults({ copyFailRate: 1 });
    await call('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26"]' });
    cloud.advance(240);
    const failed = copies()[0];
    expect(failed?.status).toBe('error');
    await call('DeleteSnapshot', { SnapshotId: failed?.snapshotId ?? '' });
    expect(copies()).toEqual([]);
  });
});

describe('ENS ModifySnapshotAttribute', () => {
  it('renames a snapshot and changes its description', async () => {
    await call('ModifySnapshotAttribute', { SnapshotId: 'sp-src1', SnapshotName: 'edge-renamed', Description: 'by hand' });
    expect(snapshots()[0]).toMatchObject({ snapshotId: 'sp-src1', name: 'edge-renamed', description: 'by hand' });
    const listed = await call('DescribeSnapshots', { SnapshotId: 'sp-src1' });
    expect((listed.Snapshots as Json[])[0]).toMatchObject({ SnapshotName: 'edge-renamed', Description: 'by hand' });
  });

  const cases: Array<[string, object, string]> = [
    ['no SnapshotId', { SnapshotName: 'edge-x' }, 'MissingParameter'],
    ['an unknown snapshot', { SnapshotId: 'sp-nope', SnapshotName: 'edge-x' }, 'SnapshotIdNotFound'],
    ['a name starting with auto', { SnapshotId: 'sp-src1', SnapshotName: 'auto-edge' }, 'InvalidParameter.SnapshotName'],
    ['a one-character name', { SnapshotId: 'sp-src1', SnapshotName: 'e' }, 'InvalidParameter.SnapshotName'],
    ['a name with a dot', { SnapshotId: 'sp-src1', SnapshotName: 'edge.1' }, 'InvalidParameter.SnapshotName'],
    ['a description starting with http://', { SnapshotId: 'sp-src1', Description: 'http://x' }, 'InvalidParameter.Description'],
  ];
  it.each(cases)('refuses %s', async (_label, params, code) => {
    expect(await failure('ModifySnapshotAttribute', params)).toMatchObject({ code, status: 400 });
    expect(snapshots()[0]).toMatchObject({ name: 'edge-a' });
  });
});

describe('ENS requests and state', () => {
  it('refuses an unknown action', async () => {
    expect(await failure('DescribeInstances', {})).toMatchObject({ code: 'InvalidAction.NotFound', status: 400 });
  });

  it('refuses a wrong secret and changes nothing', async () => {
    const wrong = client({ accessKeyId: 'AKtest', accessKeySecret: 'not-the-secret' });
    const result = await failure('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26"]' }, wrong);
    expect(result).toMatchObject({ code: 'SignatureDoesNotMatch', status: 400 });
    expect(result.message).toContain('server string to sign is:POST&%2F&AccessKeyId%3DAKtest%26Action%3DCopySnapshot%26DestinationRegionIds%3D%255B');
    expect(copies()).toEqual([]);
    expect(cloud.calls()).toEqual([expect.objectContaining({ service: 'ens', action: 'CopySnapshot', code: 'SignatureDoesNotMatch' })]);
  });

  it('accepts an STS key with its token and refuses it without one', async () => {
    const answer = await call('CopySnapshot', { SnapshotId: 'sp-src1', DestinationRegionIds: '["cn-chengdu-26"]' }, client(STS_KEY));
    expect(answer.BizStatusCode).toBe('AllSuccess');
    const tokenless = client({ accessKeyId: STS_KEY.accessKeyId, accessKeySecret: STS_KEY.accessKeySecret });
    expect(await failure('DescribeSnapshots', {}, tokenless)).toMatchObject({ code: 'InvalidSecurityToken.Malformed' });
  });

  it('shows seeded snapshots in the seed shape, settled against the clock', () => {
    const state = cloud.state().ens;
    expect(state.regions).toEqual(NODES);
    expect(state.disks).toEqual(seed().ens?.disks);
    expect(state.snapshots[0]).toMatchObject({ snapshotId: 'sp-src1', status: 'available', name: 'edge-a', size: 40 });
    expect(state.snapshots[1]?.status).toBe('creating');
    cloud.advance(60);
    expect(cloud.state().ens.snapshots[1]?.status).toBe('available');
  });

  it('refuses a seed whose snapshot is on an unknown node', () => {
    const bad = seed({ snapshots: [{ snapshotId: 'sp-x', ensRegionId: 'cn-nowhere-1', status: 'available' }] });
    expect(() => cloud.reset(bad)).toThrow(/unknown node/);
  });
});
