import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { Seed } from '../../local-cloud/index';
import { CloudError } from '../../shared/contracts/errors';
import { classifyCode } from '../../shared/clouds/error-classes';
import { ENS_ERRORS, EnsClient } from '../../shared/clouds/ens';

// The ENS adapter over the real pop-core client, against the local cloud on loopback.

const KEY = { accessKeyId: 'AKtest', accessKeySecret: 'secret-test-0001' };
const STS_KEY = { accessKeyId: 'STS.test', accessKeySecret: 'sts-secret-0001', securityToken: 'sts-token-0001' };
const NODES = ['cn-hangzhou-26', 'cn-chengdu-26', 'cn-shenzhen-3'];

function seed(snapshots?: NonNullable<Seed['ens']>['snapshots']): Seed {
  return {
    credentials: { aliyun: [KEY, STS_KEY] },
    ens: {
      regions: NODES,
      disks: [{ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26', size: 40 }],
      snapshots: snapshots ?? [
        { snapshotId: 'sp-src1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge-a', description: 'source', status: 'available', size: 40 },
        { snapshotId: 'sp-busy1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge-b', status: 'creating', size: 40 },
      ],
    },
  };
}

function ens(credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string } = KEY, timeoutMs?: number): EnsClient {
  return new EnsClient({ credentials, endpoint: new URL(cloud.url), ...(timeoutMs ? { timeoutMs } : {}) });
}

async function caught(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CloudError) return error;
    throw error;
  }
  throw new Error('the call unexpectedly succeeded');
}

const cloud = localCloudPerFile(seed);

describe('EnsClient', () => {
  it('speaks ENS 2017-11-10 to the endpoint named by ALIYUN_ENS_ENDPOINT', async () => {
    const client = new EnsClient({ credentials: KEY, env: { ALIYUN_ENS_ENDPOINT: cloud.url } });
    const page = await client.describeSnapshots();
    expect(page.snapshots.map((s) => s.snapshotId)).toEqual(['sp-src1', 'sp-busy1']);
  });

  it('copies to several nodes, sending DestinationRegionIds as a JSON array', async () => {
    const result = await ens().copySnapshot({
      snapshotId: 'sp-src1',
      destinationRegionIds: ['cn-chengdu-26', 'cn-shenzhen-3'],
      name: 'edge-a-copy',
      description: 'copied',
    });
    expect(result.bizStatusCode).toBe('AllSuccess');
    expect(result.unallocated).toEqual([]);
    expect(result.requestId).not.toBe('');
    expect(result.allocated.map((a) => a.regionId)).toEqual(['cn-chengdu-26', 'cn-shenzhen-3']);
    const copies = cloud.state().ens.snapshots.filter((s) => s.sourceSnapshotId === 'sp-src1');
    expect(copies.map((c) => c.snapshotId).sort()).toEqual(result.allocated.flatMap((a) => a.snapshotIds).sort());
    expect(copies.every((c) => c.name === 'edge-a-copy' && c.description === 'copied')).toBe(true);
    const params = cloud.calls().find((c) => c.action === 'CopySnapshot')?.params;
    expect(params).toMatchObject({
      SnapshotId: 'sp-src1',
      DestinationRegionIds: '["cn-chengdu-26","cn-shenzhen-3"]',
      DestinationSnapshotName: 'edge-a-copy',
      DestinationSnapshotDescription: 'copied',
    });
  });

  it('sends no parameter for an option left out', async () => {
    await ens().copySnapshot({ snapshotId: 'sp-src1', destinationRegionIds: ['cn-chengdu-26'] });
    const params = cloud.calls().find((c) => c.action === 'CopySnapshot')?.params ?? {};
    expect(Object.keys(params).sort()).toEqual(['DestinationRegionIds', 'SnapshotId']);
  });

  it('reports the nodes of a partial success', async () => {
    cloud.setFaults({ partialRate: 0.5, seed: 1 });
    const result = await ens().copySnapshot({ snapshotId: 'sp-src1', destinationRegionIds: ['cn-chengdu-26', 'cn-shenzhen-3'], name: 'edge-a-copy' });
    expect(result.bizStatusCode).toBe('PartSuccess');
    expect(result.allocated.length).toBeGreaterThan(0);
    expect(result.unallocated.length).toBeGreaterThan(0);
    expect([...result.allocated.map((a) => a.regionId), ...result.unallocated].sort()).toEqual(['cn-chengdu-26', 'cn-shenzhen-3']);
    const copyNodes = cloud.state().ens.snapshots.filter((s) => s.sourceSnapshotId).map((s) => s.ensRegionId);
    expect(copyNodes).toEqual(result.allocated.map((a) => a.regionId));
  });

  it('creates a snapshot that is creating, then available once the clock moves', async () => {
    const client = ens();
    const created = await client.createSnapshot({ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26', name: 'nightly-1', description: 'nightly' });
    expect(created.snapshotId).toMatch(/^sp-/);
    expect(created.orderId).toMatch(/^\d+$/);
    const before = await client.describeSnapshots({ snapshotIds: [created.snapshotId] });
    expect(before.snapshots).toEqual([
      {
        snapshotId: created.snapshotId,
        name: 'nightly-1',
        description: 'nightly',
        status: 'creating',
        regionId: 'cn-hangzhou-26',
        diskId: 'd-edge1',
        creationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        size: 40,
      },
    ]);
    cloud.advance(60);
    const after = await client.describeSnapshots({ snapshotIds: [created.snapshotId] });
    expect(after.snapshots[0]?.status).toBe('available');
  });

  it('filters by node and ids', async () => {
    const client = ens();
    await client.copySnapshot({ snapshotId: 'sp-src1', destinationRegionIds: ['cn-chengdu-26'], name: 'edge-a-copy' });
    expect((await client.describeSnapshots({ ensRegionId: 'cn-chengdu-26' })).snapshots.map((s) => s.name)).toEqual(['edge-a-copy']);
    expect((await client.describeSnapshots({ ensRegionId: 'cn-hangzhou-26', snapshotIds: ['sp-src1', 'sp-busy1'] })).snapshots.map((s) => s.snapshotId).sort()).toEqual(['sp-busy1', 'sp-src1']);
  });

  it('answers one page with its numbers, and lists every page at 100 a page', async () => {
    const many = Array.from({ length: 230 }, (_, i) => ({
      snapshotId: `sp-m${String(i).padStart(3, '0')}`,
      ensRegionId: 'cn-hangzhou-26',
      diskId: 'd-edge1',
      name: `m${i}`,
      status: 'available',
    }));
    cloud.reset(seed(many));
    const client = ens();
    const page = await client.describeSnapshots({ pageNumber: 3, pageSize: 50 });
    expect(page).toMatchObject({ totalCount: 230, pageNumber: 3, pageSize: 50 });
    expect(page.snapshots.map((s) => s.snapshotId)).toEqual(many.slice(100, 150).map((s) => s.snapshotId));
    cloud.clearCalls();
    const all = await client.listAllSnapshots({ ensRegionId: 'cn-hangzhou-26' });
    expect(all.map((s) => s.snapshotId)).toEqual(many.map((s) => s.snapshotId));
    const calls = cloud.calls().filter((c) => c.action === 'DescribeSnapshots');
    expect(calls.map((c) => [c.params.PageNumber, c.params.PageSize])).toEqual([
      ['1', '100'],
      ['2', '100'],
      ['3', '100'],
    ]);
  });

  it('deletes a snapshot', async () => {
    const client = ens();
    const result = await client.deleteSnapshot('sp-src1');
    expect(result.requestId).not.toBe('');
    expect(cloud.state().ens.snapshots.map((s) => s.snapshotId)).toEqual(['sp-busy1']);
  });

  it('accepts an STS key with its token', async () => {
    const page = await ens(STS_KEY).describeSnapshots();
    expect(page.totalCount).toBe(2);
    expect(cloud.calls().at(-1)?.code).toBe('OK');
  });
});

describe('EnsClient errors', () => {
  it('classifies an unknown snapshot as permanent, with the code, status and request id', async () => {
    const error = await caught(ens().copySnapshot({ snapshotId: 'sp-nope', destinationRegionIds: ['cn-chengdu-26'] }));
    expect(error).toMatchObject({ service: 'ens', action: 'CopySnapshot', code: 'InvalidSnapshotId.NotFound', httpStatus: 400, errorClass: 'permanent' });
    expect(error.requestId).toMatch(/\S/);
    expect(error.retryable).toBe(false);
  });

  it('classifies a source that is still creating as not-ready', async () => {
    const error = await caught(ens().copySnapshot({ snapshotId: 'sp-busy1', destinationRegionIds: ['cn-chengdu-26'] }));
    expect(error).toMatchObject({ code: 'InvalidSnapshotId.NotReady', errorClass: 'not-ready' });
  });

  it('classifies a validation error as permanent', async () => {
    const error = await caught(ens().createSnapshot({ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26', name: 'bad.name' }));
    expect(error).toMatchObject({ code: 'InvalidParameter.SnapshotName', errorClass: 'permanent' });
  });

  it('classifies a wrong secret as auth', async () => {
    const error = await caught(ens({ accessKeyId: 'AKtest', accessKeySecret: 'wrong-secret-0001' }).describeSnapshots());
    expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', errorClass: 'auth', httpStatus: 400 });
  });

  it('classifies throttling and server errors as retryable', async () => {
    cloud.setFaults({ throttleRate: 1 });
    const throttled = await caught(ens().describeSnapshots());
    expect(throttled).toMatchObject({ code: 'Throttling.User', errorClass: 'throttled' });
    expect(throttled.retryable).toBe(true);
    cloud.setFaults({ throttleRate: 0, errorRate: 1, seed: 2 });
    const failed = await caught(ens().describeSnapshots());
    expect(['InternalError', 'ServiceUnavailable']).toContain(failed.code);
    expect(failed.httpStatus).toBeGreaterThanOrEqual(500);
    expect(failed.errorClass).toBe('transient');
  });

  it('classifies a timeout as transient', async () => {
    cloud.setFaults({ timeoutRate: 1 });
    const error = await caught(ens(KEY, 300).describeSnapshots());
    expect(error).toMatchObject({ code: 'Timeout', errorClass: 'transient' });
  });

  it('classifies a refused connection as transient', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = new EnsClient({ credentials: KEY, endpoint: new URL(`http://127.0.0.1:${port}`) });
    const error = await caught(client.describeSnapshots());
    expect(error).toMatchObject({ code: 'NetworkError.ConnectionRefused', errorClass: 'transient' });
  });

  it('treats a 5xx answer without Code as a transient failure, not an empty success', async () => {
    // pop-core resolves such an answer as a success; the adapter must not read it as "no snapshots".
    const server: Server = createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"RequestId":"R-1"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new EnsClient({ credentials: KEY, endpoint: new URL(`http://127.0.0.1:${port}`) });
      expect(await caught(client.describeSnapshots())).toMatchObject({ code: 'InvalidResponse', errorClass: 'transient', requestId: 'R-1' });
      expect(await caught(client.copySnapshot({ snapshotId: 'sp-1', destinationRegionIds: ['cn-chengdu-26'] }))).toMatchObject({
        code: 'InvalidResponse',
      });
      expect(await caught(client.createSnapshot({ diskId: 'd-1', ensRegionId: 'cn-chengdu-26' }))).toMatchObject({ code: 'InvalidResponse' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('never puts the secret, the token or a signature in an error', async () => {
    const errors = [
      await caught(ens({ accessKeyId: 'AKtest', accessKeySecret: 'secret-test-0001-wrong' }).describeSnapshots()),
      await caught(ens({ ...STS_KEY, securityToken: 'sts-token-0001-wrong' }).describeSnapshots()),
      await caught(ens(STS_KEY).copySnapshot({ snapshotId: 'sp-nope', destinationRegionIds: ['cn-chengdu-26'] })),
    ];
    cloud.setFaults({ timeoutRate: 1 });
    errors.push(await caught(ens(STS_KEY, 300).describeSnapshots()));
    expect(errors.map((e) => e.code)).toEqual(['SignatureDoesNotMatch', 'InvalidSecurityToken.MismatchWithAccessKey', 'InvalidSnapshotId.NotFound', 'Timeout']);
    for (const error of errors) {
      const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
      for (const secret of ['secret-test-0001', 'sts-secret-0001', 'sts-token-0001', 'Signature=', 'SecurityToken=']) {
        expect(text).not.toContain(secret);
      }
      expect(error.cause).toBeUndefined();
    }
  });

  it('classifies the documented ENS codes the local cloud cannot produce', () => {
    const expected: Array<[string, number | undefined, string]> = [
      ['SaleControl.VerificationFailed', 400, 'permanent'],
      ['SaleControlVerificationFailedStock', 400, 'permanent'],
      ['SaleControlVerificationFailedRegion', 400, 'permanent'],
      ['ENS_SERVICE_ARREARAGE', 400, 'permanent'],
      ['Order.CreateFailed', 400, 'permanent'],
      ['OrderFailed', 400, 'permanent'],
      ['NoPermission', 400, 'auth'],
      ['ens.interface.error', 400, 'transient'],
      ['InvalidSnapshotId.NotReady', 400, 'not-ready'],
      ['Throttling.User', 400, 'throttled'],
      ['Throttling', 400, 'throttled'],
      ['ServiceUnavailable', 503, 'transient'],
      ['SomethingNew', 502, 'transient'],
      ['InvalidDestinationRegionIds', 400, 'permanent'],
    ];
    expect(expected.map(([code, status]) => [code, status, classifyCode(code, status, ENS_ERRORS)])).toEqual(expected);
  });
});
