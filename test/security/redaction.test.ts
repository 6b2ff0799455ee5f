/**
 * Each handler driven into the error paths that carry SDK errors: a wrong secret, API timeouts, and a
 * service error quoting a signed request. The answers and the logs still name the error code, and
 * hold no secret, token, signature or signed URL.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureLogs, credentialsSeed, fcContext, KEYS, loadBundle, scfContext, SECRETS, startLocalCloud, useLocalCloud, type LocalCloud, type Seed } from '../functions/harness';
import { findLeaks } from './leaks';
import { CANARY_RPC_SIGNATURE, CANARY_TC3_SIGNATURE, CANARY_TOKEN, rpcLeak, startLeakyProxy, tc3Leak, type LeakyProxy } from './leaky-proxy';
import { registerTestSecrets, testSecrets } from './log-guard';

const WRONG = { accessKeySecret: 'wrong-fc-secret-000111222', secretKey: 'wrong-scf-secret-000111222' };
const CANARIES = [CANARY_TOKEN, CANARY_RPC_SIGNATURE, CANARY_TC3_SIGNATURE];
registerTestSecrets(WRONG.accessKeySecret, WRONG.secretKey, ...CANARIES);

const POLICY = {
  rules: [
    { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] },
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 7 }] },
    { name: 'tencent-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 7 }] },
  ],
};

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai'], snapshots: [{ snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user' }] },
    ens: { regions: ['cn-hangzhou-26', 'cn-chengdu-26'], snapshots: [{ snapshotId: 'sp-edge1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge', status: 'available' }] },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing'], snapshots: [{ snapshotId: 'snap-db000001', region: 'ap-guangzhou', diskId: 'disk-db01', name: 'db', state: 'NORMAL' }] },
  };
}

type Answer = Record<string, unknown>;
type Handler = (event: unknown, context?: unknown) => Promise<Answer>;

interface Target {
  name: string;
  handler: Handler;
  /** A sweep, as this platform hands it over. */
  sweep: unknown;
  context: (timeoutMs?: number) => Record<string, unknown>;
  /** Makes the function sign with a wrong secret. */
  wrongSecret: () => Record<string, unknown>;
  /** The code the local cloud answers a wrong signature with. */
  signatureCode: RegExp;
  copyAction: string;
  leak: (action: string) => string;
  /** What of the quoted message survives redaction. */
  kept: string;
}

const fcWithSecret = (secret: string): Record<string, unknown> => ({ ...fcContext(), credentials: { ...KEYS.aliyun, accessKeySecret: secret } });

const TARGETS: Target[] = [
  {
    name: 'ecs-replicator', handler: loadBundle('ecs-replicator'), sweep: Buffer.from('{"action":"sweep"}'),
    context: (ms = 60_000) => fcContext(ms / 1000), wrongSecret: () => fcWithSecret(WRONG.accessKeySecret),
    signatureCode: /^SignatureDoesNotMatch$/, copyAction: 'CopySnapshot', leak: (a) => rpcLeak(a, KEYS.aliyun.accessKeySecret),
    kept: 'User not authorized to operate on the specified resource. Request: GET https://ecs.cn-hangzhou.aliyuncs.com/?[redacted]',
  },
  {
    name: 'ens-replicator', handler: loadBundle('ens-replicator'), sweep: Buffer.from('{"action":"sweep"}'),
    context: (ms = 60_000) => fcContext(ms / 1000), wrongSecret: () => fcWithSecret(WRONG.accessKeySecret),
    signatureCode: /^SignatureDoesNotMatch$/, copyAction: 'CopySnapshot', leak: (a) => rpcLeak(a, KEYS.aliyun.accessKeySecret),
    kept: 'User not authorized to operate on the specified resource. Request: GET https://ecs.cn-hangzhou.aliyuncs.com/?[redacted]',
  },
  {
    name: 'cbs-replicator', handler: loadBundle('cbs-replicator'), sweep: { action: 'sweep' },
    context: (ms = 60_000) => scfContext(ms),
    wrongSecret: () => {
      process.env.TENCENTCLOUD_SECRETKEY = WRONG.secretKey;
      return scfContext();
    },
    signatureCode: /^AuthFailure\./, copyAction: 'CopySnapshotCrossRegions', leak: (a) => tc3Leak(a, KEYS.tencent.secretKey),
    kept: 'Refused GET https://cbs.tencentcloudapi.com/?[redacted]',
  },
];

let cloud: LocalCloud;
let proxy: LeakyProxy | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: seed() });
});
afterAll(async () => cloud.close());
beforeEach(() => {
  cloud.reset(seed());
  useLocalCloud(cloud, POLICY);
});
afterEach(async () => {
  delete process.env.API_TIMEOUT_MS;
  await proxy?.close();
  proxy = undefined;
});

/** Runs the handler; a thrown error is kept as the answer's stand-in so its message is checked too. */
async function run(target: Target, context: Record<string, unknown>): Promise<{ answer: Answer; lines: string[] }> {
  const { value, lines } = await captureLogs(() => target.handler(target.sweep, context).catch((error: unknown) => ({ thrown: String(error) })));
  return { answer: value, lines };
}

function expectClean(text: string): void {
  expect(findLeaks(text, [...SECRETS, ...testSecrets()])).toEqual([]);
  for (const canary of CANARIES) expect(text).not.toContain(canary);
}

describe.each(TARGETS)('$name', (target) => {
  it('answers a wrong secret with the service\'s signature code, and logs no secret', async () => {
    const { answer, lines } = await run(target, target.wrongSecret());
    expect(answer.ok).toBe(false);
    const error = answer.error as { code: string; message: string };
    expect(error.code).toMatch(target.signatureCode);
    expect(lines.some((l) => l.includes(error.code))).toBe(true);
    expect(cloud.calls().every((c) => c.code === error.code)).toBe(true);
    expectClean(JSON.stringify(answer));
    expectClean(lines.join('\n'));
    expect(lines.join('\n')).not.toContain(WRONG.accessKeySecret);
    expect(lines.join('\n')).not.toContain(WRONG.secretKey);
  });

  it('answers API timeouts with the Timeout code once the budget is spent, and logs no secret', async () => {
    process.env.API_TIMEOUT_MS = '200';
    cloud.setFaults({ timeoutRate: 1, seed: 5 });
    // A 4 s function keeps 3 s for answering: one second of listing, then the answer.
    const { answer, lines } = await run(target, target.context(4000));
    expect(answer.ok).toBe(false);
    expect((answer.error as { code: string }).code).toBe('Timeout');
    expect(cloud.calls().length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('Timeout'))).toBe(true);
    expectClean(JSON.stringify(answer));
    expectClean(lines.join('\n'));
  });

  it('redacts a signed GET URL, a TC3 header and a token quoted in a service\'s error, keeping the code', async () => {
    proxy = await startLeakyProxy(cloud.url, { action: target.copyAction, code: 'Forbidden.RAM', message: target.leak(target.copyAction) });
    for (const v of ['ALIYUN_ECS_ENDPOINT', 'ALIYUN_ENS_ENDPOINT', 'TENCENT_CBS_ENDPOINT']) process.env[v] = proxy.url;
    const { answer, lines } = await run(target, target.context());
    expect(answer.ok).toBe(true);
    const failed = (answer.results as Array<{ outcome: string; errorCode?: string; reason?: string }>).filter((r) => r.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.errorCode === 'Forbidden.RAM')).toBe(true);
    // The message is kept, minus what was signed: the reader still learns what went wrong.
    expect(failed[0]?.reason).toContain(target.kept);
    expect(lines.some((l) => l.includes('"errorCode":"Forbidden.RAM"'))).toBe(true);
    expectClean(JSON.stringify(answer));
    expectClean(lines.join('\n'));
  });
});
