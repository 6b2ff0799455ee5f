import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client as CbsSdkClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_client';
import { startLocalCloud, type LocalCloud, type Seed } from '../../local-cloud/index';
import { AliyunRpc } from '../../shared/clouds/aliyun-rpc';
import { CbsClient } from '../../shared/clouds/cbs';
import { EcsClient } from '../../shared/clouds/ecs';
import { EnsClient } from '../../shared/clouds/ens';
import { answerProblems, fieldPresence, requestProblems, responseField, type Problem } from './conformance-checks';
import { PROJECT_ACTIONS, describeType, readEnsFixture, type ServiceName } from './official-models';
import { officialSample } from './official-samples';
import { recordReads } from './read-paths';

/**
 * Conformance survey: drives the project's adapters (shared/clouds) against a local cloud, records
 * every answer on the wire (through a loopback relay), every parameter the cloud received
 * (`/_admin/calls`) and every field the adapters read, and checks them all against the official
 * models. Prints a Markdown report (or writes it to the path given as the first argument).
 *
 *   npx tsx test/conformance/survey.ts [report.md]
 *
 * A tool, not a test: it reports discrepancies and never fails on them.
 */

const SEED_PATH = new URL('../../examples/local-cloud-seed.json', import.meta.url);

interface WireAnswer {
  service: ServiceName;
  action: string;
  status: number;
  body: unknown;
}

const RPC_SERVICES: Readonly<Record<string, ServiceName>> = { '2014-05-26': 'ecs', '2017-11-10': 'ens' };

/** A loopback relay in front of the local cloud that keeps every answer body as it went over the wire. */
function startRelay(target: URL, answers: WireAnswer[]): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const requestBody = Buffer.concat(chunks);
      const forward = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (upstream) => {
          const back: Buffer[] = [];
          upstream.on('data', (chunk: Buffer) => back.push(chunk));
          upstream.on('end', () => {
            const text = Buffer.concat(back).toString('utf8');
            const tcAction = req.headers['x-tc-action'];
            const params = new URLSearchParams(new URL(req.url ?? '/', 'http://relay').search);
            for (const [k, v] of new URLSearchParams(requestBody.toString('utf8'))) params.set(k, v);
            const service = typeof tcAction === 'string' ? 'cbs' : RPC_SERVICES[params.get('Version') ?? ''];
            const action = typeof tcAction === 'string' ? tcAction : (params.get('Action') ?? '?');
            if (service) {
              let body: unknown = text;
              try {
                body = JSON.parse(text);
              } catch {
                // Kept as text: answerProblems reports a non-object answer.
              }
              answers.push({ service, action, status: upstream.statusCode ?? 0, body });
            }
            res.writeHead(upstream.statusCode ?? 502, upstream.headers);
            res.end(Buffer.concat(back));
          });
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(requestBody);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

type Reads = Map<string, Set<string>>;

function readsOf(reads: Reads, service: ServiceName, action: string): Set<string> {
  const key = `${service} ${action}`;
  let set = reads.get(key);
  if (!set) {
    set = new Set();
    reads.set(key, set);
  }
  return set;
}

type AsyncMethod = (this: unknown, ...args: unknown[]) => Promise<unknown>;

/** Stands in for the service: the answer body the SDK should hand back for an action. */
type CannedAnswer = (service: ServiceName, action: string) => unknown;

/**
 * Hands every SDK answer to the adapters through recordReads, so the survey learns what they read.
 * With `canned`, the SDKs do not call out at all and answer that instead. Returns the function that
 * puts the SDK methods back.
 */
function recordAdapterReads(reads: Reads, canned?: CannedAnswer): () => void {
  // Wrapped after AliyunRpc's own clean-up of the answer (plainAnswer scans every field), so only the
  // adapters' reads are recorded.
  const rpcProto = AliyunRpc.prototype as unknown as { call: AsyncMethod };
  const rpcCall = rpcProto.call;
  rpcProto.call = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
    const [action] = args;
    const service = (this as { options?: { service?: unknown } }).options?.service;
    if ((service !== 'ecs' && service !== 'ens') || typeof action !== 'string') return rpcCall.apply(this, args);
    const answer = canned ? canned(service, action) : await rpcCall.apply(this, args);
    return recordReads(answer, readsOf(reads, service, action));
  };
  const cbsProto = CbsSdkClient.prototype as unknown as { request: AsyncMethod };
  const hadOwn = Object.prototype.hasOwnProperty.call(cbsProto, 'request');
  const cbsRequest = cbsProto.request;
  cbsProto.request = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
    const [action] = args;
    if (typeof action !== 'string') return cbsRequest.apply(this, args);
    const answer = canned ? canned('cbs', action) : await cbsRequest.apply(this, args);
    return recordReads(answer, readsOf(reads, 'cbs', action));
  };
  return () => {
    rpcProto.call = rpcCall;
    if (hadOwn) cbsProto.request = cbsRequest;
    else delete (cbsProto as { request?: AsyncMethod }).request;
  };
}

/**
 * Every adapter method once, each SDK answering the official sample answer of its action
 * (official-samples.ts): what the adapters read and which of them fail on an answer of the official shape.
 */
async function probeWithOfficialSamples(reads: Reads, log: string[]): Promise<void> {
  const restore = recordAdapterReads(reads, (service, action) => officialSample(service, action));
  const aliyun = { accessKeyId: 'probe', accessKeySecret: 'probe-secret' };
  const tencent = { secretId: 'probe', secretKey: 'probe-secret' };
  const endpoint = new URL('http://127.0.0.1:9');
  const ecs = new EcsClient({ region: 'cn-hangzhou', credentials: aliyun, endpoint });
  const ens = new EnsClient({ credentials: aliyun, endpoint });
  const cbs = new CbsClient({ region: 'ap-guangzhou', credentials: tencent, endpoint, env: {} });
  try {
    await attempt('ecs copySnapshot', () => ecs.copySnapshot({ snapshotId: 's-1', destinationRegionId: 'cn-shanghai' }), log);
    await attempt('ecs describeSnapshots', () => ecs.describeSnapshots(), log);
    await attempt('ens copySnapshot', () => ens.copySnapshot({ snapshotId: 'sp-1', destinationRegionIds: ['cn-chengdu-26'] }), log);
    await attempt('ens createSnapshot', () => ens.createSnapshot({ diskId: 'd-1', ensRegionId: 'cn-hangzhou-26' }), log);
    await attempt('ens describeSnapshots', () => ens.describeSnapshots(), log);
    await attempt('ens deleteSnapshot', () => ens.deleteSnapshot('sp-1'), log);
    await attempt('cbs copySnapshotCrossRegions', () => cbs.copySnapshotCrossRegions({ snapshotId: 'snap-1', destinationRegions: ['ap-shanghai'] }), log);
    await attempt('cbs describeSnapshots', () => cbs.describeSnapshots(), log);
    await attempt('cbs modifySnapshotAttribute', () => cbs.modifySnapshotAttribute({ snapshotId: 'snap-1', name: 'n' }), log);
    await attempt('cbs deleteSnapshots', () => cbs.deleteSnapshots(['snap-1']), log);
  } finally {
    restore();
  }
}

async function attempt(what: string, run: () => Promise<unknown>, log: string[]): Promise<void> {
  try {
    await run();
  } catch (error) {
    log.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The calls the survey makes: each adapter method, with the filters and options it can send. */
async function drive(cloud: LocalCloud, endpoint: URL, seed: Seed, log: string[]): Promise<void> {
  const aliyun = seed.credentials?.aliyun?.[0];
  const tencent = seed.credentials?.tencent?.[0];
  if (!aliyun || !tencent) throw new Error('the seed needs an Aliyun and a Tencent key');
  const ecs = new EcsClient({ region: 'cn-hangzhou', credentials: aliyun, endpoint });
  const ecsDest = new EcsClient({ region: 'cn-shanghai', credentials: aliyun, endpoint });
  const ens = new EnsClient({ credentials: aliyun, endpoint });
  const cbs = new CbsClient({ region: 'ap-guangzhou', credentials: tencent, endpoint, env: {} });
  const cbsDest = new CbsClient({ region: 'ap-shanghai', credentials: tencent, endpoint, env: {} });

  // ECS
  await attempt('ecs describe', () => ecs.describeSnapshots(), log);
  await attempt('ecs describe filtered', () => ecs.describeSnapshots({ diskId: 'd-bp1web01' }), log);
  await attempt('ecs describe ids', () => ecs.describeSnapshots({ snapshotIds: ['s-bp1prodweb001', 's-bp1proddb0001'] }), log);
  await attempt('ecs list paged', async () => {
    const first = await ecs.describeSnapshots({ maxResults: 1 });
    if (first.nextToken) await ecs.describeSnapshots({ maxResults: 1, nextToken: first.nextToken });
  }, log);
  await attempt('ecs copy', () => ecs.copySnapshot({
    snapshotId: 's-bp1prodweb001', destinationRegionId: 'cn-shanghai', name: 'prod-web-dr', description: 'dr copy',
    retentionDays: 7, encrypted: false, tags: { backup: 'dr', origin: 'cn-hangzhou' }, clientToken: 'survey-token-1',
  }), log);
  await attempt('ecs copy (minimal)', () => ecs.copySnapshot({ snapshotId: 's-bp1proddb0001', destinationRegionId: 'cn-beijing' }), log);
  await attempt('ecs copy of a missing snapshot', () => ecs.copySnapshot({ snapshotId: 's-missing', destinationRegionId: 'cn-shanghai' }), log);
  cloud.advance(3600);
  await attempt('ecs describe destination', () => ecsDest.listAllSnapshots(), log);

  // ENS
  await attempt('ens describe', () => ens.describeSnapshots(), log);
  await attempt('ens describe filtered', () => ens.describeSnapshots({ ensRegionId: 'cn-hangzhou-26', snapshotIds: ['sp-edge00000001'], pageNumber: 1, pageSize: 10 }), log);
  await attempt('ens describe one node', () => ens.describeSnapshots({ ensRegionId: 'cn-hangzhou-26' }), log);
  await attempt('ens create', () => ens.createSnapshot({ diskId: 'd-edge0001', ensRegionId: 'cn-hangzhou-26', name: 'edgeNew', description: 'made by the survey' }), log);
  await attempt('ens copy', () => ens.copySnapshot({ snapshotId: 'sp-edge00000001', destinationRegionIds: ['cn-chengdu-26', 'cn-shenzhen-3'], name: 'edge-cache-copy', description: 'copied' }), log);
  cloud.setFaults({ partialRate: 1 });
  await attempt('ens copy (every node fails)', () => ens.copySnapshot({ snapshotId: 'sp-edge00000001', destinationRegionIds: ['cn-chengdu-26'] }), log);
  cloud.setFaults({ partialRate: 0 });
  await attempt('ens copy of a missing snapshot', () => ens.copySnapshot({ snapshotId: 'sp-missing', destinationRegionIds: ['cn-chengdu-26'] }), log);
  cloud.advance(3600);
  await attempt('ens list all', () => ens.listAllSnapshots(), log);
  const copy = cloud.state().ens.snapshots.find((s) => s.sourceSnapshotId !== undefined);
  if (copy) await attempt('ens delete', () => ens.deleteSnapshot(copy.snapshotId), log);
  await attempt('ens delete of a missing snapshot', () => ens.deleteSnapshot('sp-missing'), log);

  // CBS
  await attempt('cbs describe', () => cbs.describeSnapshots(), log);
  await attempt('cbs describe filtered', () => cbs.describeSnapshots({ snapshotIds: ['snap-orders001'] }), log);
  await attempt('cbs describe ids', () => cbs.describeSnapshots({ snapshotIds: ['snap-orders001'], offset: 0, limit: 10 }), log);
  await attempt('cbs copy', () => cbs.copySnapshotCrossRegions({ snapshotId: 'snap-orders001', destinationRegions: ['ap-shanghai'], name: 'orders-db-dr' }), log);
  await attempt('cbs modify', () => cbs.modifySnapshotAttribute({ snapshotId: 'snap-orders001', name: 'orders-db', isPermanent: false, deadline: new Date(Date.UTC(2030, 0, 1)) }), log);
  cloud.advance(3600);
  await attempt('cbs list destination', () => cbsDest.listAllSnapshots(), log);
  const cbsCopy = cloud.state().cbs.snapshots.find((s) => s.region === 'ap-shanghai' && s.snapshotId !== 'snap-standby01');
  if (cbsCopy) await attempt('cbs delete', () => cbsDest.deleteSnapshots([cbsCopy.snapshotId]), log);
  await attempt('cbs delete of a missing snapshot', () => cbs.deleteSnapshots(['snap-missing']), log);
}

interface Finding {
  problem: Problem;
  count: number;
}

/** Problems with array positions collapsed (`[3]` -> `[]`), counted. */
function collapse(problems: Problem[], into: Map<string, Finding>): void {
  for (const problem of problems) {
    const path = problem.path.replace(/\[\d+\]/g, '[]');
    const key = `${problem.kind} ${path}`;
    const found = into.get(key);
    if (found) found.count += 1;
    else into.set(key, { problem: { ...problem, path }, count: 1 });
  }
}

function table(findings: Map<string, Finding>): string[] {
  if (findings.size === 0) return ['(none)'];
  const rows = ['| kind | path | official model | found | times |', '|---|---|---|---|---|'];
  for (const { problem, count } of [...findings.values()].sort((a, b) => a.problem.path.localeCompare(b.problem.path))) {
    rows.push(`| ${problem.kind} | \`${problem.path}\` | ${problem.expected.replace(/\|/g, '\\|')} | ${problem.actual.replace(/\|/g, '\\|')} | ${count} |`);
  }
  return rows;
}

export async function survey(): Promise<string> {
  const seed = JSON.parse(readFileSync(SEED_PATH, 'utf8')) as Seed;
  const cloud = await startLocalCloud({ seed });
  const answers: WireAnswer[] = [];
  const relay = await startRelay(new URL(cloud.url), answers);
  const endpoint = new URL(`http://127.0.0.1:${(relay.address() as AddressInfo).port}`);
  const reads: Reads = new Map();
  const restore = recordAdapterReads(reads);
  const log: string[] = [];
  try {
    await drive(cloud, endpoint, seed, log);
  } finally {
    restore();
  }
  const calls = cloud.calls();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
  await cloud.close();
  const sampleReads: Reads = new Map();
  const sampleLog: string[] = [];
  await probeWithOfficialSamples(sampleReads, sampleLog);
  const ensFacts = readEnsFixture();

  const lines: string[] = ['# Conformance survey: local cloud and adapters against the official models', ''];
  lines.push(`Answers recorded: ${answers.length}; calls received: ${calls.length}.`, '');
  if (log.length > 0) lines.push('Calls that failed (expected for the "missing" cases):', '', ...log.map((l) => `- ${l}`), '');
  for (const service of ['ecs', 'ens', 'cbs'] as const) {
    for (const action of PROJECT_ACTIONS[service]) {
      const mine = answers.filter((a) => a.service === service && a.action === action);
      const received = calls.filter((c) => c.service === service && c.action === action);
      const answerFindings = new Map<string, Finding>();
      const places = new Set<string>();
      const present = new Set<string>();
      const errorCodes = new Set<string>();
      for (const answer of mine) {
        collapse(answerProblems(service, action, answer.body), answerFindings);
        const code = errorCode(answer.body);
        if (code !== undefined) {
          errorCodes.add(code);
          continue;
        }
        const seen = fieldPresence(service, action, answer.body);
        seen.places.forEach((p) => places.add(p));
        seen.present.forEach((p) => present.add(p));
      }
      const absent = [...places].filter((p) => !present.has(p)).sort();
      const requestFindings = new Map<string, Finding>();
      for (const call of received) collapse(requestProblems(service, action, call.params), requestFindings);
      const readPaths = [...(reads.get(`${service} ${action}`) ?? [])].sort();
      const unknownReads = readPaths.filter((p) => responseField(service, action, p) === undefined);
      lines.push(`## ${service} ${action}`, '');
      lines.push(`Answers: ${mine.length} (${mine.filter((a) => a.status >= 400 || JSON.stringify(a.body).includes('"Error"')).length} errors); requests: ${received.length}.`, '');
      lines.push('### Answers', '', ...table(answerFindings), '');
      lines.push('### Requests', '', ...table(requestFindings), '');
      lines.push('### Official answer fields the local cloud never sent', '', absent.length > 0 ? absent.map((p) => `\`${p}\``).join(', ') : '(none)', '');
      if (errorCodes.size > 0) {
        const documented = service === 'ens' ? ensFacts.actions[action]?.errorCodes : undefined;
        const codes = isRecord(documented) && Array.isArray(documented.codes) ? documented.codes.map(String) : undefined;
        lines.push('### Error codes answered', '', [...errorCodes].map((c) => {
          if (!codes) return `\`${c}\``;
          return `\`${c}\`${codes.includes(c) ? ' (documented)' : ` **not among the documented codes** (${codes.join(', ')})`}`;
        }).join(', '), '');
      }
      lines.push('### Fields the adapter read (local cloud answers)', '', readList(service, action, readPaths), '');
      if (unknownReads.length > 0) lines.push(`Not in the official model: ${unknownReads.map((p) => `\`${p}\``).join(', ')}`, '');
      const samplePaths = [...(sampleReads.get(`${service} ${action}`) ?? [])].sort();
      const sampleUnknown = samplePaths.filter((p) => responseField(service, action, p) === undefined);
      lines.push('### Fields the adapter read (official sample answer)', '', readList(service, action, samplePaths), '');
      if (sampleUnknown.length > 0) lines.push(`Not in the official model: ${sampleUnknown.map((p) => `\`${p}\``).join(', ')}`, '');
    }
  }
  lines.push('## Adapters on official sample answers', '');
  lines.push(sampleLog.length > 0 ? 'Adapter methods that failed on an answer of the official shape:' : 'Every adapter method accepted the official sample answer.', '', ...sampleLog.map((l) => `- ${l}`), '');
  return `${lines.join('\n')}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The error code of an error answer (RPC `Code`, Tencent `Response.Error.Code`), else undefined. */
function errorCode(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.Code === 'string') return body.Code;
  const response = isRecord(body.Response) ? body.Response : undefined;
  const error = response && isRecord(response.Error) ? response.Error : undefined;
  return error && typeof error.Code === 'string' ? error.Code : undefined;
}

function readList(service: ServiceName, action: string, paths: string[]): string {
  if (paths.length === 0) return '(none recorded)';
  return paths
    .map((p) => {
      const type = responseField(service, action, p);
      return `\`${p}\`${type ? ` (${describeType(type)})` : ' **not in the official model**'}`;
    })
    .join(', ');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  survey()
    .then((report) => {
      if (out) writeFileSync(out, report);
      else process.stdout.write(report);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
