/**
 * `npm start`: the built function bundles against the local cloud, the way the platforms run them.
 * Prints what each run copied, skipped and why. Needs no cloud account.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { EXAMPLE_SEED, startLocalCloud } from '../local-cloud/index';
import { outputWidth, renderTable, wrapCell } from './render-table';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');

type Answer = { ok: boolean; results: Array<Record<string, string | undefined>>; chores?: Array<Record<string, string | undefined>>; error?: { code: string; message: string } };
type Handler = (event: unknown, context?: unknown) => Promise<Answer>;

function bundle(name: string, exported: 'handler' | 'main_handler'): Handler {
  const mod = require(resolve(root, 'dist', name, 'index.js')) as Record<string, Handler>;
  const fn = mod[exported];
  if (!fn) throw new Error(`dist/${name}/index.js exports no ${exported}: run npm run build`);
  return fn;
}

const POLICY = {
  rules: [
    { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } },
      destinations: [{ region: 'cn-shanghai', retentionDays: 30 }, { region: 'cn-beijing', retentionDays: 7 }] },
    { name: 'edge-fanout', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'],
      destinations: [{ region: 'cn-chengdu-26', retentionDays: 14 }, { region: 'cn-shenzhen-3', retentionDays: 14 }],
      createSnapshots: { diskIds: ['d-edge0001'], intervalHours: 6 } },
    { name: 'orders-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 30 }] },
  ],
};

async function main(): Promise<void> {
  const cloud = await startLocalCloud({ seed: EXAMPLE_SEED });
  const aliyunKey = EXAMPLE_SEED.credentials!.aliyun![1]!;
  const tencentKey = EXAMPLE_SEED.credentials!.tencent![0]!;
  for (const v of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[v];
  Object.assign(process.env, {
    REPLICATION_POLICY: JSON.stringify(POLICY),
    ALIYUN_ECS_ENDPOINT: cloud.url,
    ALIYUN_ENS_ENDPOINT: cloud.url,
    TENCENT_CBS_ENDPOINT: cloud.url,
    TENCENTCLOUD_SECRETID: tencentKey.secretId,
    TENCENTCLOUD_SECRETKEY: tencentKey.secretKey,
  });
  const fcContext = { requestId: 'demo', credentials: aliyunKey, function: { name: 'demo', timeout: 60 } };
  const ecs = bundle('ecs-replicator', 'handler');
  const ens = bundle('ens-replicator', 'handler');
  const cbs = bundle('cbs-replicator', 'main_handler');

  console.log(`${wrapCell(`Local cloud at ${cloud.url} (ECS, ENS and CBS with real signature checks)`, outputWidth()).join('\n')}\n`);
  const logLines: string[] = [];
  const run = async (title: string, invoke: () => Promise<Answer>): Promise<void> => {
    const log = console.log;
    console.log = (...args: unknown[]) => void logLines.push(args.map(String).join(' '));
    let answer: Answer;
    try {
      answer = await invoke();
    } finally {
      console.log = log;
    }
    const width = outputWidth();
    console.log(wrapCell(title, width - 2).map((line, i) => `${i === 0 ? '▸' : ' '} ${line}`).join('\n'));
    if (!answer.ok) {
      console.log(`  refused: ${answer.error?.code}: ${answer.error?.message}\n`);
      return;
    }
    // Each step's rules are in the policy above; a chore's kind leads its "why", which keeps the table narrow.
    const rows = answer.results.map((r) => [r.sourceSnapshotId ?? '', `${r.sourceRegion} → ${r.destinationRegion || '-'}`, r.outcome ?? '', r.copySnapshotId ?? r.reason ?? r.errorCode ?? '']);
    for (const c of answer.chores ?? []) rows.push([c.snapshotId ?? c.diskId ?? '', c.region ?? '', c.outcome ?? '', `${c.kind}: ${c.reason ?? c.errorCode ?? ''}`]);
    console.log(renderTable(['snapshot', 'where', 'outcome', 'copy / why'], rows, [], width - 2).replace(/^/gm, '  '));
    console.log('');
  };

  const event = {
    id: 'evt-demo', source: 'acs.ecs', specversion: '1.0', type: 'ecs:Snapshot:CreateSnapshotCompleted', aliyunregionid: 'cn-hangzhou',
    data: { result: 'accomplished', snapshotId: 's-bp1prodweb001', snapshotName: 'prod-web', snapshotType: 'user', diskId: 'd-bp1web01' },
  };
  const timer = (payload = '') => Buffer.from(JSON.stringify({ triggerTime: new Date().toISOString(), triggerName: 'sweep', payload }));

  await run('ECS: a snapshot-created event (EventBridge) copies to both destination regions', () => ecs(Buffer.from(JSON.stringify(event)), fcContext));
  await run('ECS: the same event delivered again makes no second copy', () => ecs(Buffer.from(JSON.stringify(event)), fcContext));
  await run('ECS: the timer sweep catches the snapshot no event announced', () => ecs(timer(), fcContext));
  const eventFor = (data: Record<string, string>) => Buffer.from(JSON.stringify({ ...event, id: `evt-${data.snapshotId}`, data: { ...event.data, ...data } }));
  await run('ECS: events the rules skip, and why', async () => {
    const noTag = await ecs(eventFor({ snapshotId: 's-bp1scratch001', snapshotName: 'scratch', diskId: 'd-bp1tmp01' }), fcContext);
    const copy = await ecs(eventFor({ snapshotId: 's-lc00000000000001', snapshotType: 'copied' }), fcContext);
    return { ...noTag, results: [...noTag.results, ...copy.results] };
  });
  await run('ECS: a manual copy of a snapshot no rule matches', () => ecs(Buffer.from(JSON.stringify({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-bp1scratch001', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-beijing', retentionDays: 1 }] })), fcContext));
  await run('ECS: bad input is refused before any API call', () => ecs(Buffer.from('{"action":"copy","cloud":"aliyun-ecs"}'), fcContext));
  await run('CBS (SCF): the timer sweep copies and sets a deadline for retention', () => cbs({ Type: 'Timer', TriggerName: 'sweep', Time: new Date().toISOString(), Message: '' }, { request_id: 'demo', time_limit_in_ms: 60_000 }));
  await run('ENS: the timer takes a scheduled snapshot and copies the existing one to both edge nodes', () => ens(timer(), fcContext));
  cloud.advance(600);
  await run('ENS: ten minutes later the scheduled snapshot is available and gets copied; nothing is taken twice', () => ens(timer(), fcContext));
  await run('ECS: a sweep once the copies have finished', () => ecs(timer(), fcContext));

  const state = cloud.state();
  const count = (list: Array<{ sourceSnapshotId?: string }>) => list.filter((s) => s.sourceSnapshotId).length;
  const summary = `Copies now in the local cloud: ECS ${count(state.ecs.snapshots)}, ENS ${count(state.ens.snapshots)}, CBS ${count(state.cbs.snapshots)}; ${cloud.calls().length} API calls; ${logLines.length} JSON log lines.`;
  console.log(wrapCell(summary, outputWidth()).join('\n'));
  await cloud.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
