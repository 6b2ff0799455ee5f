import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { startLocalCloud, type EcsSnapshotSeed, type Seed } from '../../local-cloud/index';
import { CloudError, type ErrorClass } from '../../shared/contracts/errors';
import { classifyCode } from '../../shared/clouds/error-classes';
import type { AliyunCredentials } from '../../shared/clouds/credentials';
import { ECS_ERRORS, EcsClient, type EcsCopySnapshotRequest } from '../../shared/clouds/ecs';

// The ECS adapter over the real pop-core SDK, against the local cloud on loopback.

const KEY: AliyunCredentials = { accessKeyId: 'AKtest', accessKeySecret: 'secret-test-0001' };
const STS_KEY: AliyunCredentials = { accessKeyId: 'STS.test', accessKeySecret: 'sts-secret-0001', securityToken: 'sts-token-0001' };
const HZ = 'cn-hangzhou';
const SH = 'cn-shanghai';

function at(minutes: number): string {
  return new Date(Date.UTC(2024, 0, 1) + minutes * 60_000).toISOString();
}

const SNAPSHOTS: EcsSnapshotSeed[] = [
  { snapshotId: 's-src', regionId: HZ, diskId: 'd-1', name: 'prod-a', description: 'nightly', status: 'accomplished', snapshotType: 'user', tags: { backup: 'dr', env: 'prod' }, sourceDiskSize: 100, retentionDays: 14, creationTime: at(10) },
  { snapshotId: 's-auto', regionId: HZ, diskId: 'd-2', status: 'accomplished', snapshotType: 'timer', tags: { backup: 'dr' }, creationTime: at(9) },
  { snapshotId: 's-busy', regionId: HZ, diskId: 'd-3', status: 'progressing', creationTime: at(8) },
  { snapshotId: 's-local', regionId: HZ, diskId: 'd-4', category: 'local', creationTime: at(7) },
  { snapshotId: 's-enc', regionId: HZ, diskId: 'd-5', encrypted: true, kmsKeyId: 'key-hz', creationTime: at(6) },
];

function seed(snapshots: EcsSnapshotSeed[] = SNAPSHOTS): Seed {
  return { credentials: { aliyun: [KEY, STS_KEY] }, ecs: { regions: [HZ, SH], snapshots } };
}

function ecs(region = HZ, opts: { credentials?: AliyunCredentials; timeoutMs?: number } = {}): EcsClient {
  return new EcsClient({ region, credentials: opts.credentials ?? KEY, endpoint: new URL(cloud.url), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
}

/** The CloudError a call must fail with. */
async function cloudError(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CloudError);
    return error as CloudError;
  }
  throw new Error('the call unexpectedly succeeded');
}

function copies(): EcsSnapshotSeed[] {
  return cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId !== undefined);
}

const cloud = localCloudPerFile(seed);

describe('EcsClient success paths', () => {
  it('copies with the client region as RegionId and tags flattened from Tag.1', async () => {
    const answer = await ecs().copySnapshot({
      snapshotId: 's-src',
      destinationRegionId: SH,
      name: 'prod-a-dr',
      description: 'copy of s-src',
      retentionDays: 30,
      tags: { 'replicated-by': 'snapshot-replicator', source: 's-src' },
      clientToken: 'tok-s-src-sh',
    });
    expect(answer).toEqual({ snapshotId: expect.stringMatching(/^s-/), requestId: expect.any(String) });
    expect(answer.requestId).not.toBe('');
    expect(cloud.calls()[0]?.params).toEqual({
      RegionId: HZ,
      SnapshotId: 's-src',
      DestinationRegionId: SH,
      DestinationSnapshotName: 'prod-a-dr',
      DestinationSnapshotDescription: 'copy of s-src',
      RetentionDays: '30',
      ClientToken: 'tok-s-src-sh',
      'Tag.1.Key': 'replicated-by',
      'Tag.1.Value': 'snapshot-replicator',
      'Tag.2.Key': 'source',
      'Tag.2.Value': 's-src',
    });
    expect(copies()).toEqual([
      expect.objectContaining({ snapshotId: answer.snapshotId, regionId: SH, retentionDays: 30, tags: { 'replicated-by': 'snapshot-replicator', source: 's-src' } }),
    ]);
  });

  it('sends nothing for options left out (never the strings "undefined" or "null")', async () => {
    await ecs().copySnapshot({ snapshotId: 's-src', destinationRegionId: SH });
    expect(cloud.calls()[0]?.params).toEqual({ RegionId: HZ, SnapshotId: 's-src', DestinationRegionId: SH });
  });

  it('sends Encrypted and KMSKeyId', async () => {
    const { snapshotId } = await ecs().copySnapshot({ snapshotId: 's-enc', destinationRegionId: SH, encrypted: true, kmsKeyId: 'key-sh' });
    expect(cloud.calls()[0]?.params).toMatchObject({ Encrypted: 'true', KMSKeyId: 'key-sh' });
    expect(copies().find((c) => c.snapshotId === snapshotId)).toMatchObject({ encrypted: true, kmsKeyId: 'key-sh' });
  });

  it('returns the same copy for a repeated clientToken', async () => {
    const req: EcsCopySnapshotRequest = { snapshotId: 's-src', destinationRegionId: SH, clientToken: 'same-token' };
    const first = await ecs().copySnapshot(req);
    const second = await ecs().copySnapshot(req);
    expect(second.snapshotId).toBe(first.snapshotId);
    expect(copies()).toHaveLength(1);
  });

  it('describes snapshots as typed camelCase records, lineage included', async () => {
    const { snapshotId } = await ecs().copySnapshot({ snapshotId: 's-src', destinationRegionId: SH, retentionDays: 7, tags: { k: 'v' } });
    const sh = ecs(SH);
    const progressing = await sh.describeSnapshots();
    expect(progressing.snapshots[0]).toMatchObject({ snapshotId, status: 'progressing' });
    cloud.advance(300);
    const page = await sh.describeSnapshots();
    expect(page.totalCount).toBe(1);
    expect(page.nextToken).toBeUndefined();
    expect(page.snapshots).toEqual([
      {
        snapshotId,
        name: '',
        description: '',
        status: 'accomplished',
        diskId: 'd-1',
        diskSize: 100,
        snapshotType: 'copied',
        retentionDays: 7,
        creationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        tags: { k: 'v' },
        sourceSnapshotId: 's-src',
        sourceRegionId: HZ,
        regionId: SH,
      },
    ]);
    const [source] = (await ecs().describeSnapshots({ snapshotIds: ['s-src'] })).snapshots;
    expect(source).toMatchObject({ snapshotId: 's-src', name: 'prod-a', description: 'nightly', tags: { backup: 'dr', env: 'prod' }, retentionDays: 14, regionId: HZ });
    expect(source?.sourceSnapshotId).toBeUndefined();
  });

  it('filters by ids and disk', async () => {
    const client = ecs();
    const ids = async (filter: Parameters<EcsClient['describeSnapshots']>[0]): Promise<string[]> =>
      (await client.describeSnapshots(filter)).snapshots.map((s) => s.snapshotId);
    expect(await ids({ snapshotIds: ['s-enc', 's-auto'] })).toEqual(['s-auto', 's-enc']);
    expect(await ids({ diskId: 'd-3' })).toEqual(['s-busy']);
    expect(cloud.calls().at(-1)?.params).toMatchObject({ DiskId: 'd-3' });
    expect(cloud.calls()[0]?.params).toMatchObject({ SnapshotIds: '["s-enc","s-auto"]', MaxResults: '100' });
  });

  it('answers an empty id list with no snapshots and no call', async () => {
    const client = ecs();
    expect(await client.describeSnapshots({ snapshotIds: [] })).toEqual({ snapshots: [], totalCount: 0 });
    expect(cloud.calls()).toEqual([]);
    expect(client.callCount).toBe(0);
  });

  it('pages with maxResults/nextToken, and listAllSnapshots follows every page of 100', async () => {
    const bulk = Array.from({ length: 250 }, (_, i): EcsSnapshotSeed => ({
      snapshotId: `s-bulk${String(i).padStart(3, '0')}`,
      regionId: HZ,
      diskId: 'd-bulk',
      tags: i % 2 === 0 ? { even: 'yes' } : {},
      creationTime: at(i % 5),
    }));
    cloud.reset(seed(bulk));
    const client = ecs();
    const first = await client.describeSnapshots({ maxResults: 30 });
    expect(first.snapshots).toHaveLength(30);
    expect(first.totalCount).toBe(250);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await client.describeSnapshots({ maxResults: 30, nextToken: first.nextToken });
    expect(second.snapshots.map((s) => s.snapshotId)).not.toContain(first.snapshots[0]?.snapshotId);

    cloud.clearCalls();
    const all = await client.listAllSnapshots();
    expect(all).toHaveLength(250);
    expect(new Set(all.map((s) => s.snapshotId)).size).toBe(250);
    expect(cloud.calls().map((c) => c.params.MaxResults)).toEqual(['100', '100', '100']);
    expect(client.callCount).toBe(2 + 3);
  });

  it('finds the endpoint through ALIYUN_ECS_ENDPOINT when none is given', async () => {
    const client = new EcsClient({ region: HZ, credentials: KEY, env: { ALIYUN_ECS_ENDPOINT: cloud.url } });
    expect((await client.describeSnapshots({ snapshotIds: ['s-src'] })).snapshots).toHaveLength(1);
  });

  it('works with STS credentials', async () => {
    const { snapshotId } = await ecs(HZ, { credentials: STS_KEY }).copySnapshot({ snapshotId: 's-src', destinationRegionId: SH });
    expect(copies().map((c) => c.snapshotId)).toEqual([snapshotId]);
  });
});

describe('EcsClient errors', () => {
  const cases: Array<[string, EcsCopySnapshotRequest, string, ErrorClass, number]> = [
    ['unknown snapshot', { snapshotId: 's-nope', destinationRegionId: SH }, 'InvalidSnapshotId.NotFound', 'permanent', 403],
    ['source not finished', { snapshotId: 's-busy', destinationRegionId: SH }, 'InvalidSnapshotId.NotReady', 'not-ready', 403],
    ['local snapshot', { snapshotId: 's-local', destinationRegionId: SH }, 'InvalidSnapshotCategory.NotSupportCopy', 'permanent', 403],
    ['same region', { snapshotId: 's-src', destinationRegionId: HZ }, 'InvalidOperation.NotSupportCopyInSameRegion', 'permanent', 403],
    ['unknown region', { snapshotId: 's-src', destinationRegionId: 'us-east-1' }, 'InvalidRegionId.NotExists', 'permanent', 403],
    ['malformed region', { snapshotId: 's-src', destinationRegionId: 'Shanghai' }, 'InvalidRegionId.MalFormed', 'permanent', 400],
    ['bad name', { snapshotId: 's-src', destinationRegionId: SH, name: '1-copy' }, 'InvalidSnapshotName.Malformed', 'permanent', 403],
    ['bad description', { snapshotId: 's-src', destinationRegionId: SH, description: 'http://x' }, 'InvalidDescription.Malformed', 'permanent', 403],
    ['bad retention', { snapshotId: 's-src', destinationRegionId: SH, retentionDays: 0 }, 'InvalidRetentionDays.Malformed', 'permanent', 403],
    ['reserved tag key', { snapshotId: 's-src', destinationRegionId: SH, tags: { 'aliyun-x': 'v' } }, 'InvalidTagKey.Malformed', 'permanent', 400],
    ['reserved tag value', { snapshotId: 's-src', destinationRegionId: SH, tags: { k: 'acs:v' } }, 'InvalidTagValue.Malformed', 'permanent', 400],
    ['KMS key without encryption', { snapshotId: 's-src', destinationRegionId: SH, kmsKeyId: 'key-1' }, 'InvalidEncrypted.NotMatchKmsKeyId', 'permanent', 403],
    ['decrypting copy', { snapshotId: 's-enc', destinationRegionId: SH, encrypted: false }, 'InvalidEncrypted.NotSupportDecrypt', 'permanent', 403],
    ['non-ASCII token', { snapshotId: 's-src', destinationRegionId: SH, clientToken: 'jeton-é' }, 'InvalidClientToken.Malformed', 'permanent', 400],
  ];

  it.each(cases)('maps %s to its code and class', async (_what, req, code, errorClass, httpStatus) => {
    const err = await cloudError(ecs().copySnapshot(req));
    expect(err).toMatchObject({ service: 'ecs', action: 'CopySnapshot', code, errorClass, httpStatus, retryable: false });
    expect(err.requestId).toEqual(expect.any(String));
    expect(err.message).toContain(code);
  });

  it('classifies a copy already in flight as a conflict (plain and encrypted)', async () => {
    await ecs().copySnapshot({ snapshotId: 's-src', destinationRegionId: SH });
    const plain = await cloudError(ecs().copySnapshot({ snapshotId: 's-src', destinationRegionId: SH }));
    expect(plain).toMatchObject({ code: 'InvalidOperation.UnfinishedCrossRegionCopy', errorClass: 'conflict' });
    await ecs().copySnapshot({ snapshotId: 's-enc', destinationRegionId: SH });
    const encrypted = await cloudError(ecs().copySnapshot({ snapshotId: 's-enc', destinationRegionId: SH }));
    expect(encrypted).toMatchObject({ code: 'InvalidOperation.UnfinishedEncryptedSnapshotCopy', errorClass: 'conflict' });
  });

  it('classifies describe and delete failures', async () => {
    expect(await cloudError(ecs().describeSnapshots({ snapshotIds: Array.from({ length: 101 }, (_, i) => `s-${i}`) }))).toMatchObject({
      code: 'InvalidSnapshotIds.Malformed',
      errorClass: 'permanent',
    });
  });

  it('classifies credential failures as auth', async () => {
    const wrongSecret = await cloudError(ecs(HZ, { credentials: { ...KEY, accessKeySecret: 'not-the-secret' } }).describeSnapshots());
    expect(wrongSecret).toMatchObject({ code: 'SignatureDoesNotMatch', errorClass: 'auth' });
    const unknownKey = await cloudError(ecs(HZ, { credentials: { ...KEY, accessKeyId: 'AKnobody' } }).describeSnapshots());
    expect(unknownKey).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', errorClass: 'auth' });
    const wrongToken = await cloudError(ecs(HZ, { credentials: { ...STS_KEY, securityToken: 'sts-token-wrong' } }).describeSnapshots());
    expect(wrongToken).toMatchObject({ code: 'InvalidSecurityToken.MismatchWithAccessKey', errorClass: 'auth' });
  });

  it('classifies rate limiting as throttled', async () => {
    cloud.setRateLimits({ 'ecs.CopySnapshot': { limit: 2, windowSeconds: 60 } });
    await ecs().copySnapshot({ snapshotId: 's-src', destinationRegionId: SH });
    await ecs().copySnapshot({ snapshotId: 's-auto', destinationRegionId: SH });
    const err = await cloudError(ecs().copySnapshot({ snapshotId: 's-enc', destinationRegionId: SH }));
    expect(err).toMatchObject({ code: 'Throttling.User', errorClass: 'throttled', retryable: true });
  });

  it('classifies injected throttling and server errors', async () => {
    cloud.setFaults({ throttleRate: 1 });
    expect(await cloudError(ecs().describeSnapshots())).toMatchObject({ code: 'Throttling.User', errorClass: 'throttled' });
    cloud.setFaults({ throttleRate: 0, errorRate: 1 });
    for (let i = 0; i < 4; i++) {
      const err = await cloudError(ecs().describeSnapshots());
      expect(['InternalError', 'ServiceUnavailable']).toContain(err.code);
      expect(err).toMatchObject({ errorClass: 'transient', retryable: true });
      expect(err.httpStatus).toBeGreaterThanOrEqual(500);
    }
  });

  it('turns a held request into a Timeout CloudError (transient) after timeoutMs', async () => {
    cloud.setFaults({ timeoutRate: 1 });
    const started = Date.now();
    const err = await cloudError(ecs(HZ, { timeoutMs: 300 }).copySnapshot({ snapshotId: 's-src', destinationRegionId: SH, clientToken: 'held' }));
    expect(err).toMatchObject({ code: 'Timeout', errorClass: 'transient' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('turns a refused connection into a transient NetworkError.ConnectionRefused', async () => {
    const closed = await startLocalCloud({ seed: seed() });
    const url = new URL(closed.url);
    await closed.close();
    const client = new EcsClient({ region: HZ, credentials: KEY, endpoint: url, timeoutMs: 2_000 });
    expect(await cloudError(client.describeSnapshots())).toMatchObject({ code: 'NetworkError.ConnectionRefused', errorClass: 'transient' });
  });

  it('classifies the codes the emulator does not produce from the ECS table', () => {
    const expected: Array<[string, ErrorClass]> = [
      ['InvalidOperation.DiskHasUnfinishedSnapshotCopy', 'conflict'],
      ['InvalidOperation.Conflict', 'conflict'],
      ['InvalidOperation.Unauthorized', 'auth'],
      ['InvalidUser.NotInWhiteList', 'auth'],
      ['Forbidden.RAM', 'auth'],
      ['Forbidden.NotSupportRAM', 'auth'],
      ['Throttling', 'throttled'],
      ['ServiceUnavailable', 'transient'],
      ['InternalError', 'transient'],
      ['InvalidAccountStatus.NotEnoughBalance', 'permanent'],
      ['QuotaExceed.SnapshotQuota', 'permanent'],
    ];
    for (const [code, cls] of expected) expect([code, classifyCode(code, 403, ECS_ERRORS)]).toEqual([code, cls]);
    expect(classifyCode('InvalidOperation.Conflict', 409, ECS_ERRORS)).toBe('conflict');
  });
});

describe('EcsClient keeps secrets out of errors', () => {
  const secrets = [STS_KEY.accessKeySecret, STS_KEY.securityToken as string, KEY.accessKeySecret];

  function expectClean(err: CloudError): void {
    const texts = [err.message, String(err), JSON.stringify(err), err.stack ?? ''];
    for (const text of texts) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toContain('Signature=');
      expect(text).not.toContain('SecurityToken=');
    }
  }

  it('for API errors, timeouts and network errors alike', async () => {
    const sts = ecs(HZ, { credentials: STS_KEY });
    expectClean(await cloudError(sts.copySnapshot({ snapshotId: 's-nope', destinationRegionId: SH })));
    expectClean(await cloudError(ecs(HZ, { credentials: { ...STS_KEY, securityToken: 'sts-token-wrong' } }).describeSnapshots()));
    expectClean(await cloudError(ecs(HZ, { credentials: { ...KEY, accessKeySecret: 'secret-test-0002' } }).describeSnapshots()));
    cloud.setFaults({ errorRate: 1 });
    expectClean(await cloudError(sts.describeSnapshots()));
    cloud.setFaults({ errorRate: 0, timeoutRate: 1 });
    expectClean(await cloudError(ecs(HZ, { credentials: STS_KEY, timeoutMs: 300 }).describeSnapshots()));
  });
});
