/**
 * The adapters read every documented variant of an answer (tolerant readers): answers built from the
 * official SDK models' own samples, and the older variants the API pages show, are fed to the real SDK
 * by a canned server, and what the drivers make of them is checked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ensDriverFactory } from '../../shared/clouds/ens-factory';
import { ecsDriverFactory } from '../../shared/clouds/ecs-factory';
import { EnsClient } from '../../shared/clouds/ens';
import { EcsClient } from '../../shared/clouds/ecs';
import { directPage } from '../../shared/contracts/driver';
import { CloudError } from '../../shared/contracts/errors';
import { officialSample } from '../conformance/official-samples';
import { cannedRpcServer, type CannedAnswer } from '../support/canned-rpc-server';

const KEY = { accessKeyId: 'AKcanned', accessKeySecret: 'canned-secret-0001' };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(answers: Record<string, CannedAnswer | ((params: URLSearchParams) => CannedAnswer)>): Promise<URL> {
  const server = await cannedRpcServer(answers);
  close = server.close;
  return server.url;
}

async function failure(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CloudError);
    return error as CloudError;
  }
  throw new Error('the call unexpectedly succeeded');
}

describe('ENS answers in every documented form', () => {
  it('reads CreateSnapshot SnapShotId as the official list and as the older pages\' string', async () => {
    const url = await serve({
      CreateSnapshot: (params) => ({ body: officialSample('ens', 'CreateSnapshot', params.get('DiskId') === 'd-older' ? { SnapShotId: 's-older1' } : {}) }),
    });
    const client = new EnsClient({ credentials: KEY, endpoint: url });
    expect((await client.createSnapshot({ diskId: 'd-model', ensRegionId: 'cn-hangzhou-26' })).snapshotId).toBe('s-bp17441ohwka0yuh****');
    expect((await client.createSnapshot({ diskId: 'd-older', ensRegionId: 'cn-hangzhou-26' })).snapshotId).toBe('s-older1');
  });

  it('takes a copy\'s lineage from SourceSnapshotId and SourceEnsRegionId, compares statuses without case, and reads naive times as UTC', async () => {
    const item = (over: Record<string, unknown>): Record<string, unknown> => ({ ...(officialSample('ens', 'DescribeSnapshots').Snapshots as unknown[])[0] as object, ...over });
    const url = await serve({
      DescribeSnapshots: {
        body: officialSample('ens', 'DescribeSnapshots', {
          TotalCount: 3,
          Snapshots: [
            item({ SnapshotId: 's-copy1', Status: 'available' }),
            item({ SnapshotId: 's-source1', SourceSnapshotId: '', SourceEnsRegionId: '', Status: 'Available', CreationTime: '2024-05-06 07:08:09' }),
            item({ SnapshotId: 'sp-making1', SourceSnapshotId: undefined, SourceEnsRegionId: undefined, Status: 'Creating' }),
          ],
        }),
      },
    });
    const driver = ensDriverFactory()(KEY, { ALIYUN_ENS_ENDPOINT: url.href });
    const [copy, source, making] = await driver.listSnapshots('cn-beijing-15', undefined, directPage);
    expect(copy).toMatchObject({ snapshotId: 's-copy1', isCopy: true, lineage: { sourceSnapshotId: 's-bpdfer893jfkdqe****', sourceRegion: 'cn-hangzhou-27' }, readiness: 'ready' });
    expect(source).toMatchObject({ snapshotId: 's-source1', isCopy: false, readiness: 'ready', createdAt: Date.parse('2024-05-06T07:08:09Z') });
    expect(source?.lineage).toBeUndefined();
    expect(making).toMatchObject({ snapshotId: 'sp-making1', readiness: 'pending', isCopy: false });
  });

  it('reads a left-out list as empty, but an answer without its always-present field as a transient failure', async () => {
    const url = await serve({
      DescribeSnapshots: { body: { RequestId: 'R-1', TotalCount: 0, PageNumber: 1, PageSize: 100 } },
      CopySnapshot: { status: 503, body: { RequestId: 'R-2' } },
    });
    const client = new EnsClient({ credentials: KEY, endpoint: url });
    expect((await client.describeSnapshots()).snapshots).toEqual([]);
    expect(await failure(client.copySnapshot({ snapshotId: 'sp-1', destinationRegionIds: ['cn-chengdu-26'] }))).toMatchObject({ code: 'InvalidResponse', errorClass: 'transient' });
  });

  it.each([
    ['INSTANCE_ID_NOT_FOUND', 'already-gone'],
    ['ERROR_SNAPSHOT_NOT_FOUND', 'already-gone'],
  ])('reads DeleteSnapshot %s as a snapshot already gone', async (code, expected) => {
    const url = await serve({ DeleteSnapshot: { status: 400, body: { RequestId: 'R-3', Code: code, Message: 'gone' } } });
    const driver = ensDriverFactory()(KEY, { ALIYUN_ENS_ENDPOINT: url.href });
    expect(await driver.deleteSnapshot('cn-chengdu-26', 's-gone1')).toBe(expected);
  });

  it.each([
    ['ERROR_SNAPSHOT_COPY_IN_PROGRESS', 'not-ready'],
    ['IncorrectInstanceStatus', 'not-ready'],
    ['SNAPSHOT_CLONE_DISK_NOT_NULL', 'permanent'],
  ])('classes DeleteSnapshot %s as %s', async (code, errorClass) => {
    const url = await serve({ DeleteSnapshot: { status: 400, body: { RequestId: 'R-4', Code: code, Message: 'no' } } });
    const driver = ensDriverFactory()(KEY, { ALIYUN_ENS_ENDPOINT: url.href });
    expect(await failure(driver.deleteSnapshot('cn-chengdu-26', 's-busy1'))).toMatchObject({ code, errorClass });
  });
});

describe('ECS answers in every documented form', () => {
  it('reads the official sample, a left-out empty list, and refuses an answer without TotalCount', async () => {
    const url = await serve({
      DescribeSnapshots: (params) =>
        params.get('DiskId') === 'd-none'
          ? { body: { RequestId: 'R-5', TotalCount: 0, PageNumber: 1, PageSize: 100 } }
          : params.get('DiskId') === 'd-5xx'
            ? { status: 503, body: { RequestId: 'R-6' } }
            : { body: officialSample('ecs', 'DescribeSnapshots', { NextToken: '' }) },
    });
    const driver = ecsDriverFactory()(KEY, { ALIYUN_ECS_ENDPOINT: url.href });
    const [sample] = await driver.listSnapshots('cn-hangzhou', undefined, directPage);
    expect(sample).toMatchObject({ cloud: 'aliyun-ecs', snapshotId: 'SnapshotId-sample', diskId: 'SourceDiskId-sample', name: 'SnapshotName-sample' });
    expect(await driver.listSnapshots('cn-hangzhou', { diskId: 'd-none' }, directPage)).toEqual([]);
    const client = new EcsClient({ region: 'cn-hangzhou', credentials: KEY, endpoint: url });
    expect(await failure(client.describeSnapshots({ diskId: 'd-5xx' }))).toMatchObject({ code: 'InvalidResponse', errorClass: 'transient' });
  });
});
