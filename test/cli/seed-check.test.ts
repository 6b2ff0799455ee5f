import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_SEED } from '../../local-cloud/example-seed';
import { seedProblems } from '../../cli/seed-check';

const ROOT = resolve(import.meta.dirname, '../..');

describe('seedProblems', () => {
  it('finds none in the seeds the project ships', () => {
    expect(seedProblems(EXAMPLE_SEED)).toEqual([]);
    expect(seedProblems(JSON.parse(readFileSync(resolve(ROOT, 'examples/local-cloud-seed.json'), 'utf8')))).toEqual([]);
    expect(seedProblems({})).toEqual([]);
  });

  it('names every problem by its path, an unknown key with the key it resembles', () => {
    expect(seedProblems({ cbs: { regions: ['ap-guangzhou'], snapshots: [{ snapshotId: 'snap-1', regoin: 'ap-guangzhou', diskSize: '100' }] }, timing: { delay: 1 } })).toEqual([
      { field: 'seed.cbs.snapshots[0].region', rule: 'is required' },
      { field: 'seed.cbs.snapshots[0].diskSize', rule: 'must be a number', value: '100' },
      { field: 'seed.cbs.snapshots[0].regoin', rule: 'is not a known field (did you mean region?)' },
      { field: 'seed.timing.delay', rule: 'is not a known field (known here: ecsCopySeconds, ensCopySeconds, ensCreateSeconds, cbsCopySeconds)' },
    ]);
  });

  it('takes the variants, answer renames and disk kinds of the local cloud, and names a variant it does not know', () => {
    const ens = { regions: ['cn-hangzhou-26'], disks: [{ diskId: 'd-1', ensRegionId: 'cn-hangzhou-26', type: 'system', category: 'cloud_ssd' }] };
    const renames = { 'ens.DescribeSnapshots': { 'Snapshots[].Size': 'SnapshotSize' } };
    expect(seedProblems({ ens, variants: { ensSnapShotId: 'string', ensSnapshotIdPrefix: 's-' }, renameAnswerFields: renames })).toEqual([]);
    expect(seedProblems({ variants: { ensSnapShotId: 'array', ensSnapshotIdPrefx: 's-' } })).toEqual([
      { field: 'seed.variants.ensSnapShotId', rule: 'must be one of list, string', value: 'array' },
      { field: 'seed.variants.ensSnapshotIdPrefx', rule: 'is not a known field (did you mean ensSnapshotIdPrefix?)' },
    ]);
  });

  it('takes accounts, roles and keys that name an account, and names what is wrong in them', () => {
    const seed = {
      accountId: '1000000000000001',
      credentials: { aliyun: [{ accessKeyId: 'AK', accessKeySecret: 'SK', accountId: '1000000000000002' }] },
      accounts: { '1000000000000002': { ecs: { snapshots: [{ snapshotId: 's-1', regionId: 'cn-hangzhou', diskId: 'd-1' }] }, cbs: { regions: ['ap-guangzhou'] } } },
      roles: [{ arn: 'acs:ram::1000000000000002:role/replicator', accountId: '1000000000000002', trustedAccessKeyIds: ['AK'], maxSessionDuration: 7200 }],
      variants: { tencentRoleNotFound: 'InternalError.GetRoleError' },
    };
    expect(seedProblems(seed)).toEqual([]);
    expect(seedProblems({ accounts: { b: { ecs: { snapshot: [] } } }, roles: [{ arn: 'acs:ram::1:role/r', accountId: 'b', trustedKeyIds: ['AK'] }] })).toEqual([
      { field: 'seed.accounts.b.ecs.snapshot', rule: 'is not a known field (did you mean snapshots?)' },
      { field: 'seed.roles[0].trustedAccessKeyIds', rule: 'is required' },
      { field: 'seed.roles[0].trustedKeyIds', rule: 'is not a known field (did you mean trustedAccessKeyIds?)' },
    ]);
  });

  it('tells a replication policy from a seed', () => {
    expect(seedProblems({ rules: [] })[0]?.rule).toContain('this looks like a replication policy');
    expect(seedProblems([])).toEqual([{ field: 'seed', rule: 'must be an object', value: [] }]);
  });
});
