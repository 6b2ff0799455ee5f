import RPCClient from '@alicloud/pop-core/lib/rpc';
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { EcsSnapshotSeed, Seed } from '../../local-cloud/index';

// The emulator's ECS wire, driven by the real pop-core client over loopback.

const KEY = { accessKeyId: 'AKtest', accessKeySecret: 'secret-test-0001' };
// Real STS tokens are base64: `+`, `/` and `=` change when percent-encoded, once and again.
const STS_KEY = { accessKeyId: 'STS.test', accessKeySecret: 'sts-secret-0001', securityToken: 'sts-token+0001/x=' };
const HZ = 'cn-hangzhou';
const SH = 'cn-shanghai';

function at(minutes: number): string {
  return new Date(Date.UTC(2024, 0, 1) + minutes * 60_000).toISOString();
}

const SNAPSHOTS: EcsSnapshotSeed[] = [
  { snapshotId: 's-src', regionId: HZ, diskId: 'd-1', name: 'prod-a', status: 'accomplished', snapshotType: 'user', tags: { backup: 'dr', env: 'prod' }, sourceDiskSize: 100, creationTime: at(10) },
  { snapshotId: 's-src-older', regionId: HZ, diskId: 'd-1', name: 'prod-a-old', status: 'accomplished', snapshotType: 'user', tags: { backup: 'dr' }, creationTime: at(5) },
  { snapshotId: 's-auto', regionId: HZ, diskId: 'd-2', name: 'auto-1', status: 'accomplished', snapshotType: 'timer', tags: { env: 'prod' }, creationTime: at(9) },
  { snapshotId: 's-busy', regionId: HZ, diskId: 'd-3', status: 'progressing', progress: 20, creationTime: at(8) },
  { snapshotId: 's-failed', regionId: HZ, diskId: 'd-4', status: 'failed', creationTime: at(7) },
  { snapshotId: 's-local', regionId: HZ, diskId: 'd-5', category: 'local', creationTime: at(6) },
  { snapshotId: 's-archive', regionId: HZ, diskId: 'd-6', category: 'archive', creationTime: at(4) },
  { snapshotId: 's-enc', regionId: HZ, diskId: 'd-7', encrypted: true, kmsKeyId: 'key-hz', creationTime: at(3) },
  { snapshotId: 's-sh', regionId: SH, diskId: 'd-8', creationTime: at(2) },
];

function seed(snapshots: EcsSnapshotSeed[] = SNAPSHOTS): Seed {
  return { credentials: { aliyun: [KEY, STS_KEY] }, ecs: { regions: [HZ, SH], snapshots } };
}

type Json = Record<string, unknown>;
type Key = { accessKeyId: string; accessKeySecret: string; securityToken?: string };

function client(key: Key = KEY): RPCClient {
  return new RPCClient({ endpoint: cloud.url, apiVersion: '2014-05-26', ...key });
}

async function call(action: string, params: object, opts: { key?: Key; method?: 'GET' | 'POST'; timeout?: number } = {}): Promise<Json> {
  return client(opts.key).request<Json>(action, params, { method: opts.method ?? 'POST', formatParams: false, ...(opts.timeout ? { timeout: opts.timeout } : {}) });
}

/** The error code and HTTP status the emulator answered with (the call must fail). */
async function failure(action: string, params: object, opts: { key?: Key; method?: 'GET' | 'POST'; timeout?: number } = {}): Promise<{ code: string; status: number | undefined; name: string }> {
  try {
    await call(action, params, opts);
  } catch (raw) {
    const err = raw as { code?: unknown; name?: unknown; entry?: { response?: { statusCode?: unknown } } };
    const status = err.entry?.response?.statusCode;
    return { code: String(err.code), status: typeof status === 'number' ? status : undefined, name: String(err.name) };
  }
  throw new Error(`${action} unexpectedly succeeded`);
}

function copies(): EcsSnapshotSeed[] {
  return cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId !== undefined);
}

function copyParams(extra: Json = {}): Json {
  return { RegionId: HZ, SnapshotId: 's-src', DestinationRegionId: SH, ...extra };
}

async function describe_(params: Json): Promise<{ ids: string[]; answer: Json }> {
  const answer = await call('DescribeSnapshots', params);
  const list = (answer.Snapshots as { Snapshot: Json[] }).Snapshot;
  return { ids: list.map((s) => String(s.SnapshotId)), answer };
}

const cloud = localCloudPerFile(seed);

describe('ECS CopySnapshot', () => {
  it('creates a progressing copy in the destination region with lineage, tags and retention', async () => {
    const answer = await call('CopySnapshot', copyParams({
      DestinationSnapshotName: 'prod-a-dr',
      DestinationSnapshotDescription: 'copied for dr',
      RetentionDays: 30,
      'Tag.1.Key': 'replicated-by',
      'Tag.1.Value': 'snapshot-replicator',
      'Tag.2.Key': 'empty',
      'Tag.2.Value': '',
    }));
    expect(answer.SnapshotId).toMatch(/^s-/);
    expect(answer.RequestId).toEqual(expect.any(String));
    expect(copies()).toEqual([
      expect.objectContaining({
        snapshotId: answer.SnapshotId,
        regionId: SH,
        diskId: 'd-1',
        name: 'prod-a-dr',
        description: 'copied for dr',
        status: 'progressing',
        snapshotType: 'copied',
        retentionDays: 30,
        sourceDiskSize: 100,
        encrypted: false,
        tags: { 'replicated-by': 'snapshot-replicator', empty: '' },
        sourceSnapshotId: 's-src',
        sourceRegion: HZ,
      }),
    ]);
  });

  it('moves the copy through progressing to accomplished on the emulated clock (300 s by default)', async () => {
    await call('CopySnapshot', copyParams());
    cloud.advance(150);
    expect(copies()[0]).toMatchObject({ status: 'progressing' });
    expect(copies()[0]?.progress).toBeGreaterThanOrEqual(45);
    expect(copies()[0]?.progress).toBeLessThan(100);
    cloud.advance(150);
    expect(copies()[0]).toMatchObject({ status: 'accomplished', progress: 100 });
  });

  it('keeps an encrypted source encrypted, and takes Encrypted=true with a KMSKeyId', async () => {
    const inherited = await call('CopySnapshot', copyParams({ SnapshotId: 's-enc' }));
    const explicit = await call('CopySnapshot', copyParams({ Encrypted: true, KMSKeyId: 'key-sh' }));
    const byId = new Map(copies().map((c) => [c.snapshotId, c]));
    expect(byId.get(String(inherited.SnapshotId))).toMatchObject({ encrypted: true });
    expect(byId.get(String(explicit.SnapshotId))).toMatchObject({ encrypted: true, kmsKeyId: 'key-sh' });
  });

  it('accepts the edges of every documented range', async () => {
    await call('CopySnapshot', copyParams({
      DestinationSnapshotName: `数${'a'.repeat(127)}`,
      DestinationSnapshotDescription: 'd'.repeat(256),
      RetentionDays: 65536,
      ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [[`Tag.${i + 1}.Key`, `k${i}${'x'.repeat(120)}`], [`Tag.${i + 1}.Value`, 'v'.repeat(128)]]).flat()),
    }));
    await call('CopySnapshot', copyParams({ SnapshotId: 's-auto', DestinationSnapshotName: 'Ab:_.-9', DestinationSnapshotDescription: 'ok', RetentionDays: 1 }));
    expect(copies()).toHaveLength(2);
    expect(Object.keys(copies().find((c) => c.sourceSnapshotId === 's-src')?.tags ?? {})).toHaveLength(20);
  });

  const refused: Array<[string, Json, string, number]> = [
    ['RegionId missing', { SnapshotId: 's-src', DestinationRegionId: SH }, 'MissingRegionId', 400],
    ['SnapshotId missing', { RegionId: HZ, DestinationRegionId: SH }, 'MissingParameter', 400],
    ['DestinationRegionId missing', { RegionId: HZ, SnapshotId: 's-src' }, 'MissingParameter', 400],
    ['RegionId malformed', copyParams({ RegionId: 'CN_Hangzhou' }), 'InvalidRegionId.MalFormed', 400],
    ['DestinationRegionId malformed', copyParams({ DestinationRegionId: 'shanghai!' }), 'InvalidRegionId.MalFormed', 400],
    ['RegionId unknown', copyParams({ RegionId: 'eu-central-1' }), 'InvalidRegionId.NotExists', 403],
    ['DestinationRegionId unknown', copyParams({ DestinationRegionId: 'us-east-1' }), 'InvalidRegionId.NotExists', 403],
    ['snapshot unknown', copyParams({ SnapshotId: 's-nope' }), 'InvalidSnapshotId.NotFound', 403],
    ['snapshot in another region', copyParams({ SnapshotId: 's-sh' }), 'InvalidSnapshotId.NotFound', 403],
    ['source progressing', copyParams({ SnapshotId: 's-busy' }), 'InvalidSnapshotId.NotReady', 403],
    ['source failed', copyParams({ SnapshotId: 's-failed' }), 'IncorrectSnapshotStatus', 403],
    ['local snapshot', copyParams({ SnapshotId: 's-local' }), 'InvalidSnapshotCategory.NotSupportCopy', 403],
    ['archive snapshot', copyParams({ SnapshotId: 's-archive' }), 'InvalidSnapshotCategory.NotSupportCopy', 403],
    ['same region', copyParams({ DestinationRegionId: HZ }), 'InvalidOperation.NotSupportCopyInSameRegion', 403],
    ['name of one character', copyParams({ DestinationSnapshotName: 'a' }), 'InvalidSnapshotName.Malformed', 403],
    ['name of 129 characters', copyParams({ DestinationSnapshotName: 'a'.repeat(129) }), 'InvalidSnapshotName.Malformed', 403],
    ['name starting with a digit', copyParams({ DestinationSnapshotName: '1backup' }), 'InvalidSnapshotName.Malformed', 403],
    ['name starting with http://', copyParams({ DestinationSnapshotName: 'http://x' }), 'InvalidSnapshotName.Malformed', 403],
    ['name with a space', copyParams({ DestinationSnapshotName: 'prod copy' }), 'InvalidSnapshotName.Malformed', 403],
    ['description of one character', copyParams({ DestinationSnapshotDescription: 'x' }), 'InvalidDescription.Malformed', 403],
    ['description of 257 characters', copyParams({ DestinationSnapshotDescription: 'x'.repeat(257) }), 'InvalidDescription.Malformed', 403],
    ['description starting with https://', copyParams({ DestinationSnapshotDescription: 'https://example.com' }), 'InvalidDescription.Malformed', 403],
    ['RetentionDays 0', copyParams({ RetentionDays: 0 }), 'InvalidRetentionDays.Malformed', 403],
    ['RetentionDays 65537', copyParams({ RetentionDays: 65537 }), 'InvalidRetentionDays.Malformed', 403],
    ['RetentionDays not an integer', copyParams({ RetentionDays: '1.5' }), 'InvalidRetentionDays.Malformed', 403],
    ['RetentionDays not a number', copyParams({ RetentionDays: 'week' }), 'InvalidRetentionDays.Malformed', 403],
    ['tag value without key', copyParams({ 'Tag.1.Value': 'v' }), 'InvalidTagKey.Malformed', 400],
    ['tag key empty', copyParams({ 'Tag.1.Key': '', 'Tag.1.Value': 'v' }), 'InvalidTagKey.Malformed', 400],
    ['tag key of 129 characters', copyParams({ 'Tag.1.Key': 'k'.repeat(129) }), 'InvalidTagKey.Malformed', 400],
    ['tag key starting with aliyun', copyParams({ 'Tag.1.Key': 'aliyun-owner' }), 'InvalidTagKey.Malformed', 400],
    ['tag key starting with acs:', copyParams({ 'Tag.1.Key': 'acs:owner' }), 'InvalidTagKey.Malformed', 400],
    ['tag key containing https://', copyParams({ 'Tag.1.Key': 'see-https://x' }), 'InvalidTagKey.Malformed', 400],
    ['tag value of 129 characters', copyParams({ 'Tag.1.Key': 'k', 'Tag.1.Value': 'v'.repeat(129) }), 'InvalidTagValue.Malformed', 400],
    ['tag value starting with aliyun', copyParams({ 'Tag.1.Key': 'k', 'Tag.1.Value': 'aliyun' }), 'InvalidTagValue.Malformed', 400],
    ['tag value starting with acs:', copyParams({ 'Tag.1.Key': 'k', 'Tag.1.Value': 'acs:x' }), 'InvalidTagValue.Malformed', 400],
    ['tag value containing http://', copyParams({ 'Tag.1.Key': 'k', 'Tag.1.Value': 'at http://x' }), 'InvalidTagValue.Malformed', 400],
    ['duplicate tag keys', copyParams({ 'Tag.1.Key': 'k', 'Tag.1.Value': 'a', 'Tag.2.Key': 'k', 'Tag.2.Value': 'b' }), 'Duplicate.TagKey', 400],
    ['a 21st tag', copyParams({ 'Tag.21.Key': 'k', 'Tag.21.Value': 'v' }), 'InvalidTagCount', 400],
    ['KMSKeyId without Encrypted', copyParams({ KMSKeyId: 'key-1' }), 'InvalidEncrypted.NotMatchKmsKeyId', 403],
    ['KMSKeyId with Encrypted=false', copyParams({ KMSKeyId: 'key-1', Encrypted: false }), 'InvalidEncrypted.NotMatchKmsKeyId', 403],
    ['KMSKeyId of 65 characters', copyParams({ KMSKeyId: 'k'.repeat(65), Encrypted: true }), 'InvalidKMSKeyId.Malformed', 400],
    ['encrypted source copied to plain', copyParams({ SnapshotId: 's-enc', Encrypted: false }), 'InvalidEncrypted.NotSupportDecrypt', 403],
    ['Encrypted not a boolean', copyParams({ Encrypted: 'yes' }), 'InvalidParameter', 400],
    ['ClientToken of 65 characters', copyParams({ ClientToken: 't'.repeat(65) }), 'InvalidClientToken.Malformed', 400],
    ['ClientToken not ASCII', copyParams({ ClientToken: 'tökén' }), 'InvalidClientToken.Malformed', 400],
  ];

  it.each(refused)('refuses %s', async (_what, params, code, status) => {
    expect(await failure('CopySnapshot', params)).toMatchObject({ code, status });
    expect(copies()).toEqual([]);
    expect(cloud.calls().at(-1)).toMatchObject({ service: 'ecs', action: 'CopySnapshot', code });
  });

  it('answers InvalidAction.NotFound for an action it does not know', async () => {
    expect(await failure('CopySnapshots', copyParams())).toMatchObject({ code: 'InvalidAction.NotFound', status: 404 });
  });

  it('returns the same SnapshotId for a replayed ClientToken and creates nothing more', async () => {
    const params = copyParams({ ClientToken: 'src-to-sh-rule1', RetentionDays: 7, 'Tag.1.Key': 'k', 'Tag.1.Value': 'v' });
    const first = await call('CopySnapshot', params);
    const second = await call('CopySnapshot', params);
    cloud.advance(600);
    const third = await call('CopySnapshot', params);
    expect(second.SnapshotId).toBe(first.SnapshotId);
    expect(third.SnapshotId).toBe(first.SnapshotId);
    expect(second.RequestId).not.toBe(first.RequestId);
    expect(copies().map((c) => c.snapshotId)).toEqual([first.SnapshotId]);
    expect(cloud.calls().map((c) => c.code)).toEqual(['OK', 'OK', 'OK']);
  });

  it('answers the first copy\'s SnapshotId for a replayed ClientToken even after that copy was deleted', async () => {
    const params = copyParams({ ClientToken: 'src-to-sh-rule1' });
    const first = await call('CopySnapshot', params);
    await call('DeleteSnapshot', { SnapshotId: first.SnapshotId });
    expect(copies()).toEqual([]);
    const again = await call('CopySnapshot', params);
    expect(again.SnapshotId).toBe(first.SnapshotId);
    // Nothing new was made: the caller has to notice the copy is gone.
    expect(copies()).toEqual([]);
    const other = await call('CopySnapshot', copyParams({ ClientToken: 'src-to-sh-rule2' }));
    expect(other.SnapshotId).not.toBe(first.SnapshotId);
  });

  it('ends a copy drawn to fail as failed, where it would have finished', async () => {
    cloud.setFaults({ copyFailRate: 1 });
    await call('CopySnapshot', copyParams());
    cloud.advance(150);
    expect(copies()[0]).toMatchObject({ status: 'progressing' });
    cloud.advance(150);
    expect(copies()[0]).toMatchObject({ status: 'failed' });
    expect(copies()[0]?.progress).toBeLessThan(100);
    const { answer } = await describe_({ RegionId: SH, Status: 'failed' });
    expect((answer.Snapshots as { Snapshot: Json[] }).Snapshot[0]).toMatchObject({ Status: 'failed', SourceSnapshotId: 's-src' });
  });

  it('draws copy failures from the fault seed, so a rate below 1 fails some copies and not others', async () => {
    cloud.reset(seed(Array.from({ length: 20 }, (_, i): EcsSnapshotSeed => ({ snapshotId: `s-m${i}`, regionId: HZ, diskId: `d-m${i}` }))));
    cloud.setFaults({ copyFailRate: 0.5, seed: 9 });
    for (let i = 0; i < 20; i += 1) await call('CopySnapshot', copyParams({ SnapshotId: `s-m${i}` }));
    cloud.advance(300);
    const statuses = copies().map((c) => c.status);
    expect(statuses).toContain('failed');
    expect(statuses).toContain('accomplished');
  });

  it('refuses a ClientToken reused with different parameters', async () => {
    await call('CopySnapshot', copyParams({ ClientToken: 'tok-1', RetentionDays: 7 }));
    expect(await failure('CopySnapshot', copyParams({ ClientToken: 'tok-1', RetentionDays: 8 }))).toMatchObject({
      code: 'IdempotentParameterMismatch',
      status: 400,
    });
    expect(copies()).toHaveLength(1);
  });

  it('refuses a second copy of the same disk to the same region while one is progressing, then allows it', async () => {
    await call('CopySnapshot', copyParams({ ClientToken: 'a' }));
    // Another snapshot of the same disk is refused too: the rule is per disk and destination region.
    expect(await failure('CopySnapshot', copyParams({ SnapshotId: 's-src-older', ClientToken: 'b' }))).toMatchObject({
      code: 'InvalidOperation.UnfinishedCrossRegionCopy',
      status: 403,
    });
    expect(await failure('CopySnapshot', copyParams())).toMatchObject({ code: 'InvalidOperation.UnfinishedCrossRegionCopy' });
    // Another disk is not held up.
    await call('CopySnapshot', copyParams({ SnapshotId: 's-auto' }));
    cloud.advance(300);
    const again = await call('CopySnapshot', copyParams({ SnapshotId: 's-src-older', ClientToken: 'b' }));
    expect(again.SnapshotId).toMatch(/^s-/);
    expect(copies()).toHaveLength(3);
  });

  it('names encrypted copies in flight with UnfinishedEncryptedSnapshotCopy', async () => {
    await call('CopySnapshot', copyParams({ SnapshotId: 's-enc' }));
    expect(await failure('CopySnapshot', copyParams({ SnapshotId: 's-enc' }))).toMatchObject({
      code: 'InvalidOperation.UnfinishedEncryptedSnapshotCopy',
      status: 403,
    });
  });

  it('finishes a seeded progressing source on the clock, after which it can be copied', async () => {
    expect(await failure('CopySnapshot', copyParams({ SnapshotId: 's-busy' }))).toMatchObject({ code: 'InvalidSnapshotId.NotReady' });
    cloud.advance(300);
    await call('CopySnapshot', copyParams({ SnapshotId: 's-busy' }));
    expect(copies()).toHaveLength(1);
  });
});

describe('ECS DescribeSnapshots', () => {
  it('answers the real field names and shapes', async () => {
    const copy = await call('CopySnapshot', copyParams({ RetentionDays: 30, DestinationSnapshotName: 'dr-copy', 'Tag.1.Key': 'k', 'Tag.1.Value': 'v' }));
    cloud.advance(300);
    const answer = await call('DescribeSnapshots', { RegionId: SH, SnapshotIds: JSON.stringify([copy.SnapshotId]) });
    expect(answer).toMatchObject({ TotalCount: 1, PageNumber: 1, PageSize: 10, NextToken: '', RequestId: expect.any(String) });
    const [snapshot] = (answer.Snapshots as { Snapshot: Json[] }).Snapshot;
    expect(snapshot).toEqual({
      SnapshotId: copy.SnapshotId,
      SnapshotName: 'dr-copy',
      Description: '',
      Status: 'accomplished',
      Progress: '100%',
      SourceDiskId: 'd-1',
      SourceDiskSize: '100',
      SourceDiskType: 'data',
      SnapshotType: 'copied',
      Category: 'standard',
      Encrypted: false,
      KMSKeyId: '',
      RetentionDays: 30,
      CreationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      Usage: 'none',
      Tags: { Tag: [{ TagKey: 'k', TagValue: 'v' }] },
      SourceSnapshotId: 's-src',
      SourceRegionId: HZ,
      RegionId: SH,
    });
  });

  it('shows a progressing copy with its partial progress', async () => {
    const copy = await call('CopySnapshot', copyParams());
    const { answer } = await describe_({ RegionId: SH, Status: 'progressing' });
    expect((answer.Snapshots as { Snapshot: Json[] }).Snapshot[0]).toMatchObject({ SnapshotId: copy.SnapshotId, Status: 'progressing', Progress: '0%' });
  });

  it('lists one region only, newest first, 10 per page by default', async () => {
    const { ids, answer } = await describe_({ RegionId: HZ });
    expect(ids).toEqual(['s-src', 's-auto', 's-busy', 's-failed', 's-local', 's-src-older', 's-archive', 's-enc']);
    expect(answer).toMatchObject({ TotalCount: 8, PageSize: 10, NextToken: '' });
  });

  it('pages 250 snapshots with MaxResults and NextToken', async () => {
    const bulk = Array.from({ length: 250 }, (_, i): EcsSnapshotSeed => ({
      snapshotId: `s-bulk${String(i).padStart(3, '0')}`,
      regionId: HZ,
      diskId: `d-bulk${i}`,
      creationTime: at(i % 7), // many share a time: the token must still walk them exactly once
    }));
    cloud.reset(seed(bulk));
    const seen: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const { ids, answer } = await describe_({ RegionId: HZ, MaxResults: 100, ...(token ? { NextToken: token } : {}) });
      expect(answer.TotalCount).toBe(250);
      sizes.push(ids.length);
      seen.push(...ids);
      token = String(answer.NextToken);
    } while (token !== '');
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(250);
  });

  it('pages with PageNumber and PageSize too', async () => {
    const bulk = Array.from({ length: 250 }, (_, i): EcsSnapshotSeed => ({ snapshotId: `s-p${String(i).padStart(3, '0')}`, regionId: HZ, diskId: 'd-p', creationTime: at(i) }));
    cloud.reset(seed(bulk));
    const third = await describe_({ RegionId: HZ, PageNumber: 3, PageSize: 100 });
    expect(third.ids).toHaveLength(50);
    expect(third.ids[0]).toBe('s-p049');
    expect(third.answer).toMatchObject({ PageNumber: 3, PageSize: 100, TotalCount: 250 });
    expect((await describe_({ RegionId: HZ, PageNumber: 9, PageSize: 100 })).ids).toEqual([]);
  });

  it('filters by a SnapshotIds JSON array, ignoring ids it does not hold', async () => {
    const { ids } = await describe_({ RegionId: HZ, SnapshotIds: JSON.stringify(['s-enc', 's-src', 's-nope', 's-sh']) });
    expect(ids).toEqual(['s-src', 's-enc']);
  });

  it('filters by tags (ANDed; a key alone matches any value)', async () => {
    expect((await describe_({ RegionId: HZ, 'Tag.1.Key': 'backup', 'Tag.1.Value': 'dr' })).ids).toEqual(['s-src', 's-src-older']);
    expect((await describe_({ RegionId: HZ, 'Tag.1.Key': 'env' })).ids).toEqual(['s-src', 's-auto']);
    expect((await describe_({ RegionId: HZ, 'Tag.1.Key': 'backup', 'Tag.1.Value': 'dr', 'Tag.2.Key': 'env', 'Tag.2.Value': 'prod' })).ids).toEqual(['s-src']);
    expect((await describe_({ RegionId: HZ, 'Tag.1.Key': 'backup', 'Tag.1.Value': 'nope' })).ids).toEqual([]);
  });

  it('filters by DiskId, Status, SnapshotType and SnapshotName', async () => {
    await call('CopySnapshot', copyParams());
    expect((await describe_({ RegionId: HZ, DiskId: 'd-1' })).ids).toEqual(['s-src', 's-src-older']);
    expect((await describe_({ RegionId: HZ, Status: 'progressing' })).ids).toEqual(['s-busy']);
    expect((await describe_({ RegionId: HZ, Status: 'failed' })).ids).toEqual(['s-failed']);
    expect((await describe_({ RegionId: HZ, Status: 'all' })).ids).toHaveLength(8);
    expect((await describe_({ RegionId: HZ, SnapshotType: 'auto' })).ids).toEqual(['s-auto']);
    expect((await describe_({ RegionId: HZ, SnapshotType: 'timer' })).ids).toEqual(['s-auto']);
    expect((await describe_({ RegionId: SH, SnapshotType: 'copied' })).ids).toHaveLength(1);
    expect((await describe_({ RegionId: SH, SnapshotType: 'user' })).ids).toEqual(['s-sh']);
    expect((await describe_({ RegionId: HZ, SnapshotName: 'prod-a' })).ids).toEqual(['s-src']);
  });

  const refused: Array<[string, Json, string, number]> = [
    ['RegionId missing', {}, 'MissingRegionId', 400],
    ['RegionId unknown', { RegionId: 'eu-central-1' }, 'InvalidRegionId.NotExists', 403],
    ['SnapshotIds not JSON', { RegionId: HZ, SnapshotIds: 's-src,s-enc' }, 'InvalidSnapshotIds.Malformed', 403],
    ['SnapshotIds not strings', { RegionId: HZ, SnapshotIds: '[1,2]' }, 'InvalidSnapshotIds.Malformed', 403],
    ['101 SnapshotIds', { RegionId: HZ, SnapshotIds: JSON.stringify(Array.from({ length: 101 }, (_, i) => `s-${i}`)) }, 'InvalidSnapshotIds.Malformed', 403],
    ['an unknown Status', { RegionId: HZ, Status: 'done' }, 'InvalidStatus.NotFound', 404],
    ['an unknown SnapshotType', { RegionId: HZ, SnapshotType: 'manual' }, 'InvalidSnapshotType.NotFound', 404],
    ['a tag value without key', { RegionId: HZ, 'Tag.1.Value': 'dr' }, 'InvalidTag.Mismatch', 400],
    ['a 21st tag', { RegionId: HZ, 'Tag.21.Key': 'k' }, 'InvalidTagCount', 400],
    ['MaxResults 101', { RegionId: HZ, MaxResults: 101 }, 'InvalidParameter', 400],
    ['MaxResults 0', { RegionId: HZ, MaxResults: 0 }, 'InvalidParameter', 400],
    ['PageSize 101', { RegionId: HZ, PageSize: 101 }, 'InvalidParameter', 400],
    ['PageNumber 0', { RegionId: HZ, PageNumber: 0 }, 'InvalidParameter', 400],
    ['a NextToken it never gave', { RegionId: HZ, NextToken: 'not-a-token' }, 'InvalidParameter', 400],
  ];

  it.each(refused)('refuses %s', async (_what, params, code, status) => {
    expect(await failure('DescribeSnapshots', params)).toMatchObject({ code, status });
  });
});

describe('ECS DeleteSnapshot', () => {
  it('deletes a snapshot by id alone, after which it is gone from state and DescribeSnapshots', async () => {
    await call('DeleteSnapshot', { SnapshotId: 's-src', Force: true });
    await call('DeleteSnapshot', { SnapshotId: 's-sh' });
    expect(cloud.state().ecs.snapshots.map((s) => s.snapshotId)).not.toContain('s-src');
    expect(cloud.state().ecs.snapshots.map((s) => s.snapshotId)).not.toContain('s-sh');
    expect((await describe_({ RegionId: HZ, SnapshotIds: '["s-src"]' })).ids).toEqual([]);
  });

  it('cancels a copy in progress by deleting it', async () => {
    const copy = await call('CopySnapshot', copyParams());
    await call('DeleteSnapshot', { SnapshotId: copy.SnapshotId });
    expect(copies()).toEqual([]);
    cloud.advance(300);
    expect(copies()).toEqual([]);
  });

  it('ignores a snapshot that does not exist, and needs a SnapshotId', async () => {
    const answer = await call('DeleteSnapshot', { SnapshotId: 's-nope' });
    expect(answer.RequestId).toEqual(expect.any(String));
    expect(await failure('DeleteSnapshot', {})).toMatchObject({ code: 'MissingParameter', status: 400 });
    expect(cloud.state().ecs.snapshots).toHaveLength(SNAPSHOTS.length);
  });
});

describe('ECS ModifySnapshotAttribute', () => {
  it('renames a copy, changes its description and extends its retention', async () => {
    const copy = await call('CopySnapshot', copyParams({ DestinationSnapshotName: 'dr-copy', RetentionDays: 7 }));
    await call('ModifySnapshotAttribute', { SnapshotId: copy.SnapshotId, SnapshotName: 'renamed-by-hand', Description: 'kept longer', RetentionDays: 30 });
    expect(copies()[0]).toMatchObject({ name: 'renamed-by-hand', description: 'kept longer', retentionDays: 30 });
    const { answer } = await describe_({ RegionId: SH, SnapshotIds: JSON.stringify([copy.SnapshotId]) });
    expect((answer.Snapshots as { Snapshot: Json[] }).Snapshot[0]).toMatchObject({ SnapshotName: 'renamed-by-hand', RetentionDays: 30 });
  });

  const refused: Array<[string, Json, string, number]> = [
    ['no SnapshotId', { SnapshotName: 'renamed' }, 'MissingParameter', 400],
    ['nothing to change', { SnapshotId: 's-src' }, 'NoAttributeToModify', 400],
    ['an unknown snapshot', { SnapshotId: 's-nope', SnapshotName: 'renamed' }, 'InvalidSnapshotId.NotFound', 404],
    ['a name starting with auto', { SnapshotId: 's-src', SnapshotName: 'auto-nightly' }, 'InvalidSnapshotName.Malformed', 400],
    ['a name starting with a digit', { SnapshotId: 's-src', SnapshotName: '1st' }, 'InvalidSnapshotName.Malformed', 400],
    ['a description starting with https://', { SnapshotId: 's-src', Description: 'https://x' }, 'InvalidDescription.Malformed', 404],
    ['RetentionDays 0', { SnapshotId: 's-src', RetentionDays: 0 }, 'InvalidRetentionDays.Malformed', 400],
  ];
  it.each(refused)('refuses %s', async (_what, params, code, status) => {
    expect(await failure('ModifySnapshotAttribute', params)).toMatchObject({ code, status });
    expect(cloud.state().ecs.snapshots.find((s) => s.snapshotId === 's-src')).toMatchObject({ name: 'prod-a' });
  });

  it('refuses a shorter retention', async () => {
    const copy = await call('CopySnapshot', copyParams({ RetentionDays: 30 }));
    expect(await failure('ModifySnapshotAttribute', { SnapshotId: copy.SnapshotId, RetentionDays: 7 })).toMatchObject({ code: 'InvalidRetentionDays.Malformed' });
    expect(copies()[0]?.retentionDays).toBe(30);
  });
});

describe('ECS copy timings', () => {
  it('finishes a 1-second copy within a second of real time, without moving the clock', async () => {
    cloud.reset({ ...seed(), timing: { ecsCopySeconds: 1 } });
    await call('CopySnapshot', copyParams());
    expect(copies()[0]?.status).toBe('progressing');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(copies()[0]).toMatchObject({ status: 'accomplished', progress: 100 });
  });

  it('keeps a six-hour copy progressing until six hours have passed', async () => {
    cloud.reset({ ...seed(), timing: { ecsCopySeconds: 6 * 3600 } });
    await call('CopySnapshot', copyParams());
    cloud.advance(3 * 3600);
    expect(copies()[0]).toMatchObject({ status: 'progressing', progress: 50 });
    cloud.advance(3 * 3600 - 1);
    expect(copies()[0]).toMatchObject({ status: 'progressing', progress: 99 });
    cloud.advance(1);
    expect(copies()[0]).toMatchObject({ status: 'accomplished', progress: 100 });
  });

  it('refuses a seed whose timing is not a number of seconds', () => {
    expect(() => cloud.reset({ ...seed(), timing: { ecsCopySeconds: -1 } })).toThrow(/timing.ecsCopySeconds/);
  });
});

describe('ECS signatures and credentials', () => {
  it('accepts GET and POST signing alike', async () => {
    const get = await call('DescribeSnapshots', { RegionId: HZ, SnapshotIds: '["s-src"]' }, { method: 'GET' });
    const post = await call('DescribeSnapshots', { RegionId: HZ, SnapshotIds: '["s-src"]' }, { method: 'POST' });
    expect(get.TotalCount).toBe(1);
    expect(post.TotalCount).toBe(1);
  });

  it('echoes the string it signed in SignatureDoesNotMatch, the STS token in it percent-encoded twice', async () => {
    const wrong = { ...STS_KEY, accessKeySecret: 'wrong-secret' };
    let message = '';
    try {
      await call('DescribeSnapshots', { RegionId: HZ }, { key: wrong });
    } catch (raw) {
      message = String((raw as { data?: { Message?: unknown } }).data?.Message);
    }
    expect(message).toMatch(/^Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3DSTS\.test%26Action%3DDescribeSnapshots%26/);
    const twice = encodeURIComponent(encodeURIComponent(STS_KEY.securityToken));
    expect(twice).not.toBe(STS_KEY.securityToken);
    expect(message).toContain(`%26SecurityToken%3D${twice}%26`);
    expect(message).not.toContain('Signature%3D');
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and an unknown key with InvalidAccessKeyId.NotFound', async () => {
    expect(await failure('DescribeSnapshots', { RegionId: HZ }, { key: { ...KEY, accessKeySecret: 'wrong-secret' } })).toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 400,
    });
    expect(await failure('DescribeSnapshots', { RegionId: HZ }, { key: { ...KEY, accessKeyId: 'AKnobody' } })).toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
    });
  });

  it('accepts an STS key with its token and refuses a wrong or missing token', async () => {
    const ok = await call('CopySnapshot', copyParams(), { key: STS_KEY });
    expect(ok.SnapshotId).toMatch(/^s-/);
    expect(await failure('DescribeSnapshots', { RegionId: HZ }, { key: { ...STS_KEY, securityToken: 'sts-token+9999/x=' } })).toMatchObject({
      code: 'InvalidSecurityToken.MismatchWithAccessKey',
    });
    const { securityToken: _dropped, ...noToken } = STS_KEY;
    expect(await failure('DescribeSnapshots', { RegionId: HZ }, { key: noToken })).toMatchObject({ code: 'InvalidSecurityToken.Malformed' });
  });
});

describe('ECS throttling and faults', () => {
  it('throttles CopySnapshot with Throttling.User beyond the configured rate', async () => {
    cloud.setRateLimits({ 'ecs.CopySnapshot': { limit: 2, windowSeconds: 60 } });
    await call('CopySnapshot', copyParams());
    await call('CopySnapshot', copyParams({ SnapshotId: 's-auto' }));
    expect(await failure('CopySnapshot', copyParams({ SnapshotId: 's-enc' }))).toMatchObject({ code: 'Throttling.User', status: 400 });
    // Other actions keep their own budget.
    expect((await describe_({ RegionId: HZ })).ids.length).toBeGreaterThan(0);
    expect(copies()).toHaveLength(2);
    expect(cloud.calls().map((c) => c.code)).toEqual(['OK', 'OK', 'Throttling.User', 'OK']);
  });

  it('injects throttling and server errors', async () => {
    cloud.setFaults({ throttleRate: 1 });
    expect(await failure('DescribeSnapshots', { RegionId: HZ })).toMatchObject({ code: 'Throttling.User' });
    cloud.setFaults({ throttleRate: 0, errorRate: 1 });
    const errors = [await failure('DescribeSnapshots', { RegionId: HZ }), await failure('DescribeSnapshots', { RegionId: HZ }), await failure('DescribeSnapshots', { RegionId: HZ })];
    for (const e of errors) {
      expect(['InternalError:500', 'ServiceUnavailable:503']).toContain(`${e.code}:${e.status}`);
    }
    expect(cloud.calls().map((c) => c.code).slice(1)).toEqual(errors.map((e) => e.code));
  });

  it('injects timeouts: the client gives up and the call log shows it', async () => {
    cloud.setFaults({ timeoutRate: 1 });
    const started = Date.now();
    const err = await failure('DescribeSnapshots', { RegionId: HZ }, { timeout: 300 });
    expect(err.name).toMatch(/Timeout/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(cloud.calls().at(-1)?.code).toMatch(/^Timeout/);
  });
});
