/**
 * The local cloud and the project's adapters against the official models. The real adapters and
 * drivers (shared/clouds), every action and option the drivers use, plus the console actions a person
 * takes (test/support/console-actions.ts), run against the local cloud once per set of documented
 * answer variants. Then:
 *  (a) every answer body, as it went over the wire, fits the official response model (answerProblems);
 *  (b) every parameter the local cloud received (`/_admin/calls`) fits the official request model (requestProblems);
 *  (c) every field the adapters read exists in the official response model (responseField).
 * The last block shows the checks catch a drift: the local cloud renaming an answer field, a request
 * carrying a parameter the model does not have.
 */
import RPCClient from '@alicloud/pop-core/lib/rpc';
import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type CallRecord, type LocalCloud, type Seed, type VariantsSeed } from '../../local-cloud/index';
import { CbsClient } from '../../shared/clouds/cbs';
import { cbsDriverFactory } from '../../shared/clouds/cbs-factory';
import { EcsClient } from '../../shared/clouds/ecs';
import { ecsDriverFactory } from '../../shared/clouds/ecs-factory';
import { EnsClient } from '../../shared/clouds/ens';
import { ensDriverFactory } from '../../shared/clouds/ens-factory';
import { directPage, type CloudDriver, type CopyCall } from '../../shared/contracts/driver';
import { CloudError } from '../../shared/contracts/errors';
import type { Snapshot } from '../../shared/contracts/snapshot';
import { consoleActions } from '../support/console-actions';
import { answerProblems, requestProblems, responseField, type Problem } from './conformance-checks';
import { isOracleService, LOCAL_CLOUD_ACTIONS, type ServiceName } from './official-models';
import { recordAdapterReads, startAnswerRelay, type AdapterReads, type AnswerRelay, type WireAnswer } from './wire-recorder';

// An STS key whose token changes under percent-encoding, as real tokens do.
const ALIYUN = { accessKeyId: 'STS.conformance', accessKeySecret: 'conformance-secret-0001', securityToken: 'conformance+token/0001=' };
const TENCENT = { secretId: 'AKIDconformance', secretKey: 'conformance-secret-0002', sessionToken: 'conformance-session-0001' };

interface Variant {
  name: string;
  variants: VariantsSeed;
  /** The ENS id prefix of this variant, for the seeded snapshots too. */
  ens: 'sp-' | 's-';
  /**
   * Departures from the SDK model that the variant makes on purpose, because a documented page shows
   * them: `service Action path kind`. Each must show up (so the variant was exercised) and nothing else may.
   */
  documented: string[];
}

const VARIANTS: Variant[] = [
  { name: 'the SDK models\' forms (default)', variants: {}, ens: 'sp-', documented: [] },
  {
    name: 'the older pages\' forms',
    variants: { ensSnapShotId: 'string', ensSnapshotIdPrefix: 's-', ensCreationTime: 'naive', ensSnapshotNotFound: 'INSTANCE_ID_NOT_FOUND' },
    ens: 's-',
    // docs/api-facts.md § "ENS CreateSnapshot": the page's sample answers SnapShotId as one string.
    documented: ['ens CreateSnapshot SnapShotId kind-mismatch'],
  },
];

function seed(variant: Variant): Seed {
  const edge = `${variant.ens}edge0001`;
  return {
    credentials: { aliyun: [ALIYUN], tencent: [TENCENT] },
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
      snapshots: [
        { snapshotId: 's-web0001', regionId: 'cn-hangzhou', diskId: 'd-web01', name: 'prod-web', status: 'accomplished', snapshotType: 'user', tags: { backup: 'dr' }, sourceDiskSize: 40 },
        { snapshotId: 's-db00001', regionId: 'cn-hangzhou', diskId: 'd-db001', name: 'prod-db', status: 'accomplished', snapshotType: 'timer', sourceDiskSize: 200 },
      ],
    },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26', 'cn-shenzhen-3'],
      disks: [{ diskId: 'd-edge0001', ensRegionId: 'cn-hangzhou-26', size: 40960, type: 'data', category: 'cloud_ssd' }],
      snapshots: [{ snapshotId: edge, ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge0001', name: 'edge-cache', status: 'available', size: 40960 }],
    },
    cbs: {
      regions: ['ap-guangzhou', 'ap-shanghai', 'ap-beijing'],
      snapshots: [{ snapshotId: 'snap-orders01', region: 'ap-guangzhou', diskId: 'disk-orders1', name: 'orders-db', state: 'NORMAL', diskSize: 100 }],
    },
    variants: variant.variants,
  };
}

/** What one run leaves for the checks. */
interface Run {
  answers: WireAnswer[];
  calls: CallRecord[];
  reads: AdapterReads;
}

function one<T>(items: readonly T[], what: string): T {
  const [item] = items;
  if (item === undefined) throw new Error(`expected ${what}`);
  return item;
}

/** A failure the run expects (a missing snapshot): its answer is checked like every other. */
async function refused(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CloudError) return error;
    throw error;
  }
  throw new Error('the call unexpectedly succeeded');
}

function copyCall(source: Snapshot, destinations: CopyCall['destinations']): CopyCall {
  return { source, destinations };
}

async function listed(driver: CloudDriver, region: string, id: string): Promise<Snapshot> {
  return one((await driver.listSnapshots(region, { snapshotIds: [id] }, directPage)).filter((s) => s.snapshotId === id), `${id} in ${region}`);
}

/** Every adapter action with the options the drivers use, then the console's, through `endpoint`. */
async function drive(cloud: LocalCloud, endpoint: string, variant: Variant): Promise<void> {
  const ecs = ecsDriverFactory()(ALIYUN, { ALIYUN_ECS_ENDPOINT: endpoint });
  const ens = ensDriverFactory()(ALIYUN, { ALIYUN_ENS_ENDPOINT: endpoint });
  const cbs = cbsDriverFactory()(TENCENT, { TENCENT_CBS_ENDPOINT: endpoint });
  const ecsClient = new EcsClient({ region: 'cn-hangzhou', credentials: ALIYUN, endpoint: new URL(endpoint) });
  const ensClient = new EnsClient({ credentials: ALIYUN, endpoint: new URL(endpoint) });
  const cbsClient = new CbsClient({ region: 'ap-guangzhou', credentials: TENCENT, endpoint: new URL(endpoint), env: {} });
  const person = consoleActions(endpoint, { aliyun: ALIYUN, tencent: TENCENT });

  // ECS: listings with each hint, copies with every destination option, paging, one refusal.
  const hz = await ecs.listSnapshots('cn-hangzhou', undefined, directPage);
  await ecs.listSnapshots('cn-hangzhou', { diskId: 'd-web01' }, directPage);
  const web = one(hz.filter((s) => s.snapshotId === 's-web0001'), 's-web0001');
  const db = one(hz.filter((s) => s.snapshotId === 's-db00001'), 's-db00001');
  const ecsCopies = await ecs.copy(copyCall(web, [{
    destination: { region: 'cn-shanghai', retentionDays: 7, encrypted: true, kmsKeyId: 'key-sh-0001', tags: { backup: 'dr', origin: 'cn-hangzhou' } },
    name: 'srep:prod-web:dr', description: 'copy of s-web0001', clientToken: 'conformance-web-sh',
  }]));
  await ecs.copy(copyCall(db, [{ destination: { region: 'cn-beijing' }, name: 'srep:prod-db:dr', description: 'copy of s-db00001' }]));
  await refused(ecs.copy(copyCall({ ...db, snapshotId: 's-missing01' }, [{ destination: { region: 'cn-shanghai' }, name: 'srep:missing', description: 'never made' }])));
  const page = await ecsClient.describeSnapshots({ maxResults: 1 });
  if (page.nextToken !== undefined) await ecsClient.describeSnapshots({ maxResults: 1, nextToken: page.nextToken });
  cloud.advance(3600);
  const ecsCopyId = one(ecsCopies.flatMap((r) => (r.ok ? [r.copySnapshotId] : [])), 'an ECS copy');
  await listed(ecs, 'cn-shanghai', ecsCopyId);
  await person.ecsRename(ecsCopyId, 'renamed-by-hand');
  await person.ecsDelete(ecsCopyId);

  // ENS: listings, a scheduled snapshot, a copy to two nodes, one where every node fails, deletes.
  const edge = await ens.listSnapshots('cn-hangzhou-26', undefined, directPage);
  const source = one(edge, 'the seeded edge snapshot');
  await ens.listSnapshots('cn-hangzhou-26', { snapshotIds: [source.snapshotId] }, directPage);
  await ensClient.describeSnapshots({ ensRegionId: 'cn-hangzhou-26', snapshotIds: [source.snapshotId], pageNumber: 1, pageSize: 10 });
  await ens.createSnapshot('cn-hangzhou-26', 'd-edge0001', 'edge-nightly-1');
  const ensCopies = await ens.copy(copyCall(source, [
    { destination: { region: 'cn-chengdu-26' }, name: 'srep:edge-cache:dr', description: 'edge copy' },
    { destination: { region: 'cn-shenzhen-3' }, name: 'srep:edge-cache:dr', description: 'edge copy' },
  ]));
  cloud.setFaults({ partialRate: 1 });
  await ens.copy(copyCall(source, [{ destination: { region: 'cn-chengdu-26' }, name: 'srep:edge-cache:dr' }]));
  cloud.setFaults({ partialRate: 0 });
  await refused(ens.copy(copyCall({ ...source, snapshotId: `${variant.ens}missing01` }, [{ destination: { region: 'cn-chengdu-26' }, name: 'srep:missing' }])));
  const [chengdu, shenzhen] = ensCopies.flatMap((r) => (r.ok ? [r.copySnapshotId] : []));
  // A copy still being made cannot be deleted: a documented refusal, checked like any answer.
  await refused(ensClient.deleteSnapshot(chengdu ?? ''));
  cloud.advance(3600);
  await listed(ens, 'cn-chengdu-26', chengdu ?? '');
  await ens.deleteSnapshot('cn-chengdu-26', chengdu ?? '');
  await ens.deleteSnapshot('cn-chengdu-26', `${variant.ens}missing01`);
  await person.ensRename(shenzhen ?? '', 'renamed-by-hand');
  await person.ensDelete(shenzhen ?? '');

  // CBS: listings, a copy to two regions with a deadline on one, paging, renames and deletes.
  const gz = await cbs.listSnapshots('ap-guangzhou', undefined, directPage);
  const orders = one(gz, 'the seeded CBS snapshot');
  await cbs.listSnapshots('ap-guangzhou', { snapshotIds: [orders.snapshotId] }, directPage);
  await cbsClient.describeSnapshots({ snapshotIds: [orders.snapshotId], offset: 0, limit: 10 });
  const cbsCopies = await cbs.copy(copyCall(orders, [
    { destination: { region: 'ap-shanghai', retentionDays: 7 }, name: 'srep:orders-db:dr' },
    { destination: { region: 'ap-beijing' }, name: 'srep:orders-db:dr' },
  ]));
  const [shanghai, beijing] = cbsCopies.flatMap((r) => (r.ok ? [r.copySnapshotId] : []));
  await cbs.setDeadline('ap-shanghai', shanghai ?? '', Date.now() + 7 * 86_400_000);
  await refused(cbsClient.deleteSnapshots(['snap-missing01']));
  cloud.advance(3600);
  await listed(cbs, 'ap-shanghai', shanghai ?? '');
  await cbsClient.modifySnapshotAttribute({ snapshotId: orders.snapshotId, name: 'orders-db-main' });
  await person.cbsRename('ap-beijing', beijing ?? '', 'renamed-by-hand');
  await person.cbsDelete('ap-beijing', beijing ?? '');
}

async function runAgainstLocalCloud(seedOf: Seed, body: (cloud: LocalCloud, endpoint: string) => Promise<void>): Promise<Run> {
  const cloud = await startLocalCloud({ seed: seedOf });
  const relay: AnswerRelay = await startAnswerRelay(cloud.url);
  const reads: AdapterReads = new Map();
  const restore = recordAdapterReads(reads);
  try {
    await body(cloud, relay.url);
    return { answers: [...relay.answers], calls: cloud.calls(), reads };
  } finally {
    restore();
    await relay.close();
    await cloud.close();
  }
}

/** A problem as one line: `service Action path kind` (array positions collapsed). */
function line(service: ServiceName, action: string, problem: Problem): string {
  return `${service} ${action} ${problem.path.replace(/\[\d+\]/g, '[]')} ${problem.kind}`;
}

function answerLines(run: Run): string[] {
  return [...new Set(run.answers.flatMap((a) => answerProblems(a.service, a.action, a.body).map((p) => line(a.service, a.action, p))))].sort();
}

function requestLines(run: Run): string[] {
  return [...new Set(run.calls.flatMap(({ service, action, params }) => {
    if (!isOracleService(service)) return [`${service} ${action} has no official model`];
    return requestProblems(service, action, params).map((p) => line(service, action, p));
  }))].sort();
}

function isError(answer: WireAnswer): boolean {
  const body = answer.body as { Code?: unknown; Response?: { Error?: unknown } };
  return typeof body?.Code === 'string' || body?.Response?.Error !== undefined;
}

describe.each(VARIANTS)('the local cloud in $name, driven by the adapters', (variant) => {
  let run: Run;
  beforeAll(async () => {
    run = await runAgainstLocalCloud(seed(variant), (cloud, endpoint) => drive(cloud, endpoint, variant));
  }, 60_000);

  it('was asked every action it serves, with successes and documented refusals on each service', () => {
    for (const service of ['ecs', 'ens', 'cbs'] as const) {
      const answered = new Set(run.answers.filter((a) => a.service === service && !isError(a)).map((a) => a.action));
      expect([...answered].sort(), service).toEqual([...LOCAL_CLOUD_ACTIONS[service]].sort());
      expect(run.answers.some((a) => a.service === service && isError(a)), `${service} error answer`).toBe(true);
    }
    expect(run.calls).toHaveLength(run.answers.length);
  });

  it('(a) answers every call in the official response shape, error envelopes included', () => {
    expect(answerLines(run)).toEqual(variant.documented);
  });

  it('(b) received only parameters the official request models define, in the official client\'s forms', () => {
    expect(run.calls.length).toBeGreaterThan(30);
    expect(requestLines(run)).toEqual([]);
  });

  it('(c) was read by the adapters only through fields of the official response models', () => {
    const read = [...run.reads.entries()].flatMap(([key, paths]) => [...paths].map((path) => `${key} ${path}`));
    // The recorder saw the adapters at work: the fields every listing maps.
    expect(read).toEqual(expect.arrayContaining([
      'ecs DescribeSnapshots Snapshots.Snapshot[].SourceSnapshotId',
      'ens DescribeSnapshots Snapshots[].SourceEnsRegionId',
      'ens CreateSnapshot SnapShotId',
      'cbs DescribeSnapshots SnapshotSet[].SnapshotState',
      'cbs CopySnapshotCrossRegions SnapshotCopyResultSet[].Code',
    ]));
    const unknown = read.filter((entry) => {
      const [service, action, path] = entry.split(' ') as [ServiceName, string, string];
      return responseField(service, action, path) === undefined;
    });
    expect(unknown).toEqual([]);
  });
});

describe('the checks catch a drift from the official models', () => {
  it('(a) reports an answer field the local cloud was made to rename', async () => {
    const variant = one(VARIANTS, 'the default variant');
    const drifted: Seed = {
      ...seed(variant),
      renameAnswerFields: {
        'ens.DescribeSnapshots': { 'Snapshots[].SourceEnsRegionId': 'SourceRegionId' },
        'cbs.DescribeSnapshots': { 'SnapshotSet[].SnapshotState': 'State' },
        'ecs.DescribeSnapshots': { 'Snapshots.Snapshot[].Usage': 'SnapshotUsage' },
      },
    };
    const run = await runAgainstLocalCloud(drifted, (cloud, endpoint) => drive(cloud, endpoint, variant));
    expect(answerLines(run)).toEqual([
      'cbs DescribeSnapshots SnapshotSet[].State unknown-field',
      'ecs DescribeSnapshots Snapshots.Snapshot[].SnapshotUsage unknown-field',
      'ens DescribeSnapshots Snapshots[].SourceRegionId unknown-field',
    ]);
    const [problem] = answerProblems('ens', 'DescribeSnapshots', { Snapshots: [{ SourceRegionId: 'cn-hangzhou-26' }] });
    expect(problem?.message).toMatch(/has no field SourceRegionId/);
  }, 60_000);

  it('(b) reports a parameter the request model does not have, as the local cloud received it', async () => {
    const variant = one(VARIANTS, 'the default variant');
    const run = await runAgainstLocalCloud(seed(variant), async (_cloud, endpoint) => {
      const client = new RPCClient({ endpoint, apiVersion: '2017-11-10', ...ALIYUN });
      await client.request('DescribeSnapshots', { EnsRegionId: 'cn-hangzhou-26', Status: 'available' }, { method: 'POST', formatParams: false });
      await client.request('CopySnapshot', { SnapshotId: 'sp-edge0001', 'DestinationRegionIds.1': 'cn-chengdu-26' }, { method: 'POST', formatParams: false }).catch(() => undefined);
    });
    expect(requestLines(run)).toEqual(['ens CopySnapshot DestinationRegionIds.1 not-official-form', 'ens DescribeSnapshots Status unknown-field']);
  });
});
