import { beforeAll, describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { CbsSnapshotSeed, Seed } from '../../local-cloud/index';
import { CBS_ERRORS, CbsClient } from '../../shared/clouds/cbs';
import { CloudError } from '../../shared/contracts/errors';
import { classifyCode } from '../../shared/clouds/error-classes';
import type { TencentCredentials } from '../../shared/clouds/credentials';

// The CBS adapter over the real SDK, against the local cloud on loopback.

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
        { snapshotId: 'snap-src00001', region: 'ap-guangzhou', diskId: 'disk-gz01', name: 'orders-db', state: 'NORMAL', diskSize: 100, createTime: '2024-05-06T07:08:09Z' },
        ...snapshots,
      ],
    },
    timing: { cbsCopySeconds: COPY_SECONDS },
  };
}

function cbs(options: { region?: string; credentials?: TencentCredentials; timeoutMs?: number } = {}): CbsClient {
  return new CbsClient({
    region: options.region ?? 'ap-guangzhou',
    credentials: options.credentials ?? KEY,
    endpoint: new URL(cloud.url),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
}

/** The CloudError a call rejects with (it must reject). */
async function rejection(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CloudError);
    return error as CloudError;
  }
  throw new Error('the call unexpectedly succeeded');
}

function expectNoSecrets(error: CloudError): void {
  const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
  for (const secret of [KEY.secretKey, TMP_KEY.secretKey, TMP_KEY.sessionToken, 'wrong-secret-0001', 'wrong-token-0001']) {
    expect(text).not.toContain(secret);
  }
}

beforeAll(() => {
  // The SDK sends even loopback traffic through a lowercase http_proxy.
  for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];
});
const cloud = localCloudPerFile(seed);

describe('CbsClient.copySnapshotCrossRegions', () => {
  it('answers one typed result per region and the request id', async () => {
    const answer = await cbs().copySnapshotCrossRegions({ snapshotId: 'snap-src00001', destinationRegions: ['ap-beijing', 'ap-shanghai'] });
    expect(answer.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(answer.results).toHaveLength(2);
    for (const [i, region] of ['ap-beijing', 'ap-shanghai'].entries()) {
      const result = answer.results[i];
      expect(result).toMatchObject({ destinationRegion: region, code: 'Success', message: '' });
      expect(result?.errorClass).toBeUndefined();
      const copy = cloud.state().cbs.snapshots.find((s) => s.snapshotId === result?.snapshotId);
      expect(copy).toMatchObject({ region, state: 'COPYING_FROM_REMOTE', sourceSnapshotId: 'snap-src00001', name: 'Copied snap-src00001 from ap-guangzhou' });
    }
    const calls = cloud.calls();
    expect(calls.map((c) => [c.action, c.region, c.code])).toEqual([['CopySnapshotCrossRegions', 'ap-guangzhou', 'OK']]);
    expect(calls[0]?.params).toEqual({ SnapshotId: 'snap-src00001', DestinationRegions: ['ap-beijing', 'ap-shanghai'] });
  });

  it('reports a conflict and a partial failure per region, classified, without throwing', async () => {
    await cbs().copySnapshotCrossRegions({ snapshotId: 'snap-src00001', destinationRegions: ['ap-beijing'], name: 'dr-orders' });
    cloud.setFaults({ partialRate: 1, seed: 3 });
    const { results } = await cbs().copySnapshotCrossRegions({ snapshotId: 'snap-src00001', destinationRegions: ['ap-beijing', 'ap-shanghai'] });
    expect(results).toEqual([
      expect.objectContaining({ destinationRegion: 'ap-beijing', code: 'ResourceInUse.CopySnapshotConflict', errorClass: 'conflict' }),
      expect.objectContaining({ destinationRegion: 'ap-shanghai', code: 'ResourceBusy', errorClass: 'transient' }),
    ]);
    expect(results.every((r) => r.snapshotId === undefined)).toBe(true);
    expect(cloud.state().cbs.snapshots.filter((s) => s.region === 'ap-shanghai')).toEqual([]);
  });

  it('throws a permanent CloudError when the whole request is refused', async () => {
    const error = await rejection(cbs().copySnapshotCrossRegions({ snapshotId: 'snap-missing1', destinationRegions: ['ap-beijing'] }));
    expect(error).toMatchObject({ service: 'cbs', action: 'CopySnapshotCrossRegions', code: 'InvalidSnapshotId.NotFound', errorClass: 'permanent' });
    expect(error.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(error.retryable).toBe(false);
  });
});

describe('CbsClient.describeSnapshots and listAllSnapshots', () => {
  it('maps a snapshot to camelCase with ISO times (the API\'s Beijing time, offset kept)', async () => {
    await cbs().copySnapshotCrossRegions({ snapshotId: 'snap-src00001', destinationRegions: ['ap-beijing'] });
    const { snapshots, totalCount } = await cbs().describeSnapshots();
    expect(totalCount).toBe(1);
    expect(snapshots).toEqual([
      {
        snapshotId: 'snap-src00001',
        name: 'orders-db',
        state: 'NORMAL',
        diskId: 'disk-gz01',
        diskSize: 100,
        createTime: '2024-05-06T15:08:09+08:00',
        isPermanent: true,
        copyFromRemote: false,
        copyingToRegions: ['ap-beijing'],
        region: 'ap-guangzhou',
      },
    ]);
    const [copy] = (await cbs({ region: 'ap-beijing' }).describeSnapshots()).snapshots;
    expect(copy).toMatchObject({ state: 'COPYING_FROM_REMOTE', copyFromRemote: true, region: 'ap-beijing', diskId: 'disk-gz01' });
    cloud.advance(COPY_SECONDS);
    expect((await cbs({ region: 'ap-beijing' }).describeSnapshots()).snapshots[0]?.state).toBe('NORMAL');
  });

  it('sends ids as SnapshotIds', async () => {
    cloud.reset(
      seed([
        { snapshotId: 'snap-other001', region: 'ap-guangzhou', diskId: 'disk-gz02', name: 'orders-db-old', state: 'NORMAL' },
        { snapshotId: 'snap-other002', region: 'ap-guangzhou', diskId: 'disk-gz01', name: 'scratch', state: 'CREATING' },
      ]),
    );
    const client = cbs();
    const ids = (list: { snapshots: Array<{ snapshotId: string }> }): string[] => list.snapshots.map((s) => s.snapshotId).sort();
    expect(ids(await client.describeSnapshots({ snapshotIds: ['snap-other001', 'snap-src00001'] }))).toEqual(['snap-other001', 'snap-src00001']);
    expect(cloud.calls().at(-1)?.params).toEqual({ SnapshotIds: ['snap-other001', 'snap-src00001'] });
  });

  it('pages with offset and limit, and listAllSnapshots follows pages of 100', async () => {
    const many: CbsSnapshotSeed[] = Array.from({ length: 230 }, (_, i) => ({
      snapshotId: `snap-bulk${String(i).padStart(4, '0')}`,
      region: 'ap-shanghai',
      diskId: 'disk-sh01',
      name: `bulk-${i}`,
    }));
    cloud.reset(seed(many));
    const client = cbs({ region: 'ap-shanghai' });
    const page = await client.describeSnapshots({ offset: 220, limit: 50 });
    expect(page.totalCount).toBe(230);
    expect(page.snapshots).toHaveLength(10);

    cloud.clearCalls();
    const all = await client.listAllSnapshots();
    expect(all).toHaveLength(230);
    expect(new Set(all.map((s) => s.snapshotId)).size).toBe(230);
    expect(cloud.calls().map((c) => [c.params.Offset, c.params.Limit])).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
    ]);
  });
});

describe('CbsClient.modifySnapshotAttribute and deleteSnapshots', () => {
  it('sets a deadline on a copy that shows in state and in describeSnapshots', async () => {
    const { results } = await cbs().copySnapshotCrossRegions({ snapshotId: 'snap-src00001', destinationRegions: ['ap-beijing'] });
    const copyId = results[0]?.snapshotId ?? '';
    const deadline = new Date(Math.floor(Date.now() / 1000) * 1000 + 30 * 86400_000);
    const beijing = cbs({ region: 'ap-beijing' });
    await beijing.modifySnapshotAttribute({ snapshotId: copyId, isPermanent: false, deadline });
    const iso = deadline.toISOString().replace('.000Z', 'Z');
    expect(cloud.state().cbs.snapshots.find((s) => s.snapshotId === copyId)).toMatchObject({ deadline: iso, isPermanent: false });
    const [described] = (await beijing.describeSnapshots({ snapshotIds: [copyId] })).snapshots;
    expect(described).toMatchObject({ snapshotId: copyId, isPermanent: false });
    expect(Date.parse(described?.deadline ?? '')).toBe(deadline.getTime());

    await beijing.modifySnapshotAttribute({ snapshotId: copyId, name: 'kept', isPermanent: true });
    const [kept] = (await beijing.describeSnapshots({ snapshotIds: [copyId] })).snapshots;
    expect(kept).toMatchObject({ name: 'kept', isPermanent: true });
    expect(kept?.deadline).toBeUndefined();
  });

  it('surfaces the API refusing a deadline without isPermanent: false', async () => {
    const error = await rejection(cbs().modifySnapshotAttribute({ snapshotId: 'snap-src00001', deadline: new Date(Date.now() + 86400_000) }));
    expect(error).toMatchObject({ code: 'MissingParameter', errorClass: 'permanent' });
  });

  it('deletes snapshots', async () => {
    cloud.reset(seed([{ snapshotId: 'snap-old00001', region: 'ap-guangzhou', diskId: 'disk-gz01' }]));
    await cbs().deleteSnapshots(['snap-old00001']);
    expect(cloud.state().cbs.snapshots.map((s) => s.snapshotId)).toEqual(['snap-src00001']);
    const error = await rejection(cbs().deleteSnapshots(['snap-old00001']));
    expect(error).toMatchObject({ action: 'DeleteSnapshots', code: 'InvalidSnapshotId.NotFound', errorClass: 'permanent' });
  });
});

describe('CbsClient credentials', () => {
  it('refuses a wrong secret with AuthFailure.SignatureFailure, class auth', async () => {
    const error = await rejection(cbs({ credentials: { secretId: KEY.secretId, secretKey: 'wrong-secret-0001' } }).describeSnapshots());
    expect(error).toMatchObject({ code: 'AuthFailure.SignatureFailure', errorClass: 'auth' });
    expectNoSecrets(error);
  });

  it('refuses an unknown SecretId with AuthFailure.SecretIdNotFound', async () => {
    const error = await rejection(cbs({ credentials: { secretId: 'AKIDnobody', secretKey: KEY.secretKey } }).describeSnapshots());
    expect(error).toMatchObject({ code: 'AuthFailure.SecretIdNotFound', errorClass: 'auth' });
    expectNoSecrets(error);
  });

  it('accepts a temporary key with its session token and refuses a wrong token', async () => {
    const ok = await cbs({ credentials: TMP_KEY }).describeSnapshots();
    expect(ok.totalCount).toBe(1);
    const wrong = await rejection(cbs({ credentials: { ...TMP_KEY, sessionToken: 'wrong-token-0001' } }).describeSnapshots());
    expect(wrong).toMatchObject({ code: 'AuthFailure.TokenFailure', errorClass: 'auth' });
    const none = await rejection(cbs({ credentials: { secretId: TMP_KEY.secretId, secretKey: TMP_KEY.secretKey } }).describeSnapshots());
    expect(none.errorClass).toBe('auth');
    expectNoSecrets(wrong);
    expectNoSecrets(none);
  });
});

describe('CbsClient failures', () => {
  it('reports throttling as RequestLimitExceeded, class throttled', async () => {
    cloud.setRateLimits({ 'cbs.CopySnapshotCrossRegions': { limit: 2, windowSeconds: 60 } });
    const client = cbs();
    await client.copySnapshotCrossRegions({ snapshotId: 'snap-src00001', destinationRegions: ['ap-beijing'] });
    await client.copySnapshotCrossRegions({ snapshotId: 'snap-src00001', destinationRegions: ['ap-shanghai'] });
    const error = await rejection(client.copySnapshotCrossRegions({ snapshotId: 'snap-src00001', destinationRegions: ['ap-beijing'] }));
    expect(error).toMatchObject({ code: 'RequestLimitExceeded', errorClass: 'throttled' });
    expect(error.retryable).toBe(true);
    // Other actions are not limited by it.
    expect((await client.describeSnapshots()).totalCount).toBe(1);
  });

  it('turns a timeout into CloudError Timeout, class transient', async () => {
    cloud.setFaults({ timeoutRate: 1, seed: 7 });
    const started = Date.now();
    const error = await rejection(cbs({ timeoutMs: 1000 }).describeSnapshots());
    expect(error).toMatchObject({ code: 'Timeout', errorClass: 'transient', action: 'DescribeSnapshots' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expectNoSecrets(error);
  });

  it('turns a refused connection into a transient NetworkError.ConnectionRefused', async () => {
    const closed = new CbsClient({ region: 'ap-guangzhou', credentials: KEY, endpoint: new URL('http://127.0.0.1:9'), timeoutMs: 2000 });
    const error = await rejection(closed.describeSnapshots());
    expect(error).toMatchObject({ code: 'NetworkError.ConnectionRefused', errorClass: 'transient' });
    expect(error.message).toContain('connection refused (127.0.0.1:9)');
    expectNoSecrets(error);
  });

  it('takes its endpoint from TENCENT_CBS_ENDPOINT when none is given', async () => {
    const client = new CbsClient({ region: 'ap-guangzhou', credentials: KEY, env: { TENCENT_CBS_ENDPOINT: cloud.url } });
    expect((await client.describeSnapshots()).totalCount).toBe(1);
  });
});

describe('CBS_ERRORS', () => {
  it('classifies the documented codes', () => {
    const cases: Array<[string, string]> = [
      ['ResourceInUse.CopySnapshotConflict', 'conflict'],
      ['ResourceBusy', 'transient'],
      ['InvalidSnapshotId.NotFound', 'permanent'],
      ['UnsupportedOperation.SnapshotNotSupportCopy', 'permanent'],
      ['InvalidSnapshot.NotSupported', 'permanent'],
      ['InsufficientSnapshotQuota', 'permanent'],
      ['InvalidAccount.InsufficientBalance', 'permanent'],
      ['RequestLimitExceeded', 'throttled'],
      ['AuthFailure.SignatureExpire', 'auth'],
      ['InternalError', 'transient'],
    ];
    for (const [code, expected] of cases) expect([code, classifyCode(code, undefined, CBS_ERRORS)]).toEqual([code, expected]);
  });
});
