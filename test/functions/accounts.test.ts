/**
 * Many accounts from one deployment, through the built bundles and the local cloud's accounts, STS
 * and invoke APIs: a timer sweep dispatches one asynchronous invocation of the function per account;
 * each child assumes its account's role and makes that account's copies there and nowhere else; a role
 * that cannot be assumed costs only its account, which is answered and notified; credentials the cloud
 * refuses as expired are assumed again. Read from the cloud's own state.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InvocationRequest } from '../../local-cloud/index';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { receiverPerFile } from '../support/receiver-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, KEYS, loadBundle, scfContext, useLocalCloud, type Seed } from './harness';

const IDS = { alpha: '1000000000000001', beta: '1000000000000002', gamma: '1000000000000003' } as const;
type Name = keyof typeof IDS;
const NAMES = Object.keys(IDS) as Name[];
const recent = new Date(Date.now() - 60_000).toISOString();

const aliyunRole = (n: Name): string => `acs:ram::${IDS[n]}:role/snapshot-replicator-member`;
const tencentRole = (n: Name): string => `qcs::cam::uin/${IDS[n]}:roleName/snapshot-replicator-member`;

function policy(): unknown {
  return {
    accounts: [
      ...NAMES.map((n) => ({ name: n, cloud: 'aliyun', roleArn: aliyunRole(n) })),
      ...NAMES.map((n) => ({ name: `${n}-tc`, cloud: 'tencent', roleArn: tencentRole(n) })),
    ],
    rules: [
      // Two rules per account on ECS, each to a region of its own; one rule on the function's own account.
      { name: 'to-shanghai', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai' }], accounts: NAMES },
      { name: 'to-beijing', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-beijing' }], accounts: NAMES },
      { name: 'own', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai' }] },
      { name: 'cbs-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing' }], accounts: NAMES.map((n) => `${n}-tc`) },
      { name: 'cbs-far', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-shanghai' }], accounts: NAMES.map((n) => `${n}-tc`) },
    ],
  };
}

function accountSeed(n: Name): NonNullable<Seed['accounts']>[string] {
  return {
    ecs: { snapshots: [{ snapshotId: `s-${n}1`, regionId: 'cn-hangzhou', diskId: `d-${n}1`, status: 'accomplished', tags: { backup: 'dr' }, creationTime: recent }] },
    cbs: { snapshots: [{ snapshotId: `snap-${n}0001`, region: 'ap-guangzhou', diskId: `disk-${n}1`, state: 'NORMAL', createTime: recent }] },
  };
}

function seed(): Seed {
  return {
    accountId: '1000000000000000',
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
      snapshots: [{ snapshotId: 's-own1', regionId: 'cn-hangzhou', diskId: 'd-own1', status: 'accomplished', tags: { backup: 'dr' }, creationTime: recent }],
    },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing', 'ap-shanghai'], snapshots: [] },
    accounts: Object.fromEntries(NAMES.map((n) => [IDS[n], accountSeed(n)])),
    roles: NAMES.flatMap((n) => [
      { arn: aliyunRole(n), accountId: IDS[n], trustedAccessKeyIds: [KEYS.aliyun.accessKeyId] },
      { arn: tencentRole(n), accountId: IDS[n], trustedAccessKeyIds: [KEYS.tencent.secretId] },
    ]),
    timing: { ecsCopySeconds: 60, cbsCopySeconds: 60 },
  };
}

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, policy()));
const ecs = loadBundle('ecs-replicator');
const cbs = loadBundle('cbs-replicator');
const FC_TIMER = buffer({ triggerTime: '2026-11-30T10:00:00Z', triggerName: 'sweep', payload: '' });
const SCF_TIMER = { Type: 'Timer', TriggerName: 'sweep', Time: '2026-11-30T10:00:00Z', Message: '' };
const robot = receiverPerFile();
const childLines: string[] = [];

beforeEach(() => {
  childLines.length = 0;
  cloud.runInvocations(undefined);
});

/**
 * The platform, as the local cloud plays it: each asynchronous invocation queued so far (and any they
 * make) runs the built bundle, one after another, so each one's log lines are its own.
 */
function runChildren(): ReturnType<typeof cloud.settleInvocations> {
  cloud.runInvocations(async (invocation: InvocationRequest) => {
    const run = invocation.platform === 'fc' ? () => ecs(buffer(invocation.payload), fcContext()) : () => cbs(JSON.parse(invocation.payload), scfContext());
    const { value, lines } = await captureLogs(run);
    childLines.push(...lines);
    return value;
  }, { concurrency: 1 });
  return cloud.settleInvocations(30_000);
}

type State = ReturnType<typeof cloud.state>;
/** Where each copy is, per account: `<account id> <region> <source>`. */
function ecsCopies(state: State): string[] {
  const of = (id: string, snaps: State['ecs']['snapshots']): string[] => snaps.filter((s) => s.sourceSnapshotId).map((s) => `${id} ${s.regionId} ${s.sourceSnapshotId}`);
  return [...of(state.accountId, state.ecs.snapshots), ...Object.entries(state.accounts).flatMap(([id, a]) => of(id, a.ecs.snapshots))].sort();
}
function cbsCopies(state: State): string[] {
  const of = (id: string, snaps: State['cbs']['snapshots']): string[] => snaps.filter((s) => s.sourceSnapshotId).map((s) => `${id} ${s.region} ${s.sourceSnapshotId}`);
  return [...of(state.accountId, state.cbs.snapshots), ...Object.entries(state.accounts).flatMap(([id, a]) => of(id, a.cbs.snapshots))].sort();
}

describe('a timer sweep over three accounts', () => {
  it('ECS: dispatches one sweep per account, and each makes its account\'s copies there and nowhere else', async () => {
    const { value: parent } = await captureLogs(() => ecs(FC_TIMER, fcContext()));
    expect(parent.ok).toBe(true);
    expect(parent.dispatched).toEqual(NAMES.map((n) => ({ account: n, outcome: 'dispatched', requestId: expect.any(String) })));
    const invokes = cloud.calls().filter((c) => c.action === 'InvokeFunction');
    expect(invokes.map((c) => JSON.parse(String(c.params.payload)) as Record<string, unknown>)).toEqual(NAMES.map((n) => ({ action: 'sweep', account: n, tick: expect.any(String) })));
    const children = await runChildren();
    expect(children.map((c) => [c.status, (c.answer as Record<string, unknown>).ok, (c.answer as Record<string, unknown>).account]).sort()).toEqual(NAMES.map((n) => ['done', true, n]));
    expect(ecsCopies(cloud.state())).toEqual([
      '1000000000000000 cn-shanghai s-own1',
      ...NAMES.flatMap((n) => [`${IDS[n]} cn-beijing s-${n}1`, `${IDS[n]} cn-shanghai s-${n}1`]),
    ].sort());
    // Every line a child logged names its account.
    const lines = childLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => !NAMES.includes(l.account as Name))).toEqual([]);
  });

  it.each([
    ['service.qualifier (the Node.js context)', { service: { qualifier: 'prod' } }],
    ['function.qualifier', { function: { name: 'snapshot-replicator-test', timeout: 60, qualifier: 'prod' } }],
  ])('invokes the version or alias it was itself invoked through, read from %s', async (_where, extra) => {
    await captureLogs(() => ecs(FC_TIMER, { ...fcContext(), ...extra }));
    const invokes = cloud.calls().filter((c) => c.action === 'InvokeFunction');
    expect(invokes.map((c) => [c.params.functionName, c.params.qualifier])).toEqual(NAMES.map(() => ['snapshot-replicator-test', 'prod']));
  });

  it('CBS: the same through SCF Invoke (Event) and Tencent STS', async () => {
    const { value: parent } = await captureLogs(() => cbs(SCF_TIMER, scfContext()));
    expect(parent.ok).toBe(true);
    expect((parent.dispatched as Array<{ account: string; outcome: string }>).map((d) => [d.account, d.outcome])).toEqual(NAMES.map((n) => [`${n}-tc`, 'dispatched']));
    const children = await runChildren();
    expect(children.every((c) => c.status === 'done' && (c.answer as Record<string, unknown>).ok === true)).toBe(true);
    expect(cbsCopies(cloud.state())).toEqual(NAMES.flatMap((n) => [`${IDS[n]} ap-beijing snap-${n}0001`, `${IDS[n]} ap-shanghai snap-${n}0001`]).sort());
  });
});

describe('a role that cannot be assumed', () => {
  it('fails only its account, with the code, and notifies naming the account', async () => {
    const state = seed();
    // beta's role no longer trusts the function's key.
    cloud.reset({ ...state, roles: (state.roles ?? []).map((r) => (r.accountId === IDS.beta ? { ...r, trustedAccessKeyIds: ['STS.someone-else'] } : r)) });
    useLocalCloud(cloud, policy());
    process.env.NOTIFY_WEBHOOK_URL = `${robot.base}/robot/send?access_token=robot-token-0123456789`;
    try {
      await captureLogs(() => ecs(FC_TIMER, fcContext()));
      const children = await runChildren();
      const beta = children.find((c) => (c.payload as Record<string, unknown>).account === 'beta');
      expect(beta?.answer).toMatchObject({ ok: false, account: 'beta', error: { code: 'NoPermission' } });
      expect(ecsCopies(cloud.state()).filter((c) => c.startsWith(IDS.beta))).toEqual([]);
      expect(ecsCopies(cloud.state()).filter((c) => c.startsWith(IDS.alpha) || c.startsWith(IDS.gamma))).toHaveLength(4);
      const messages = robot.received.map((r) => r.body);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain('run failed with NoPermission');
      expect(messages[0]).toContain('account beta');
    } finally {
      delete process.env.NOTIFY_WEBHOOK_URL;
    }
  });
});

/** FC 3.0 as a test plays it: the nth InvokeFunction request (from 1) gets `answer(n)`, or no answer at all. */
async function fakeFc(answer: (n: number) => { status: number; body: unknown } | 'never'): Promise<{ url: string; asked: () => number; close: () => Promise<void> }> {
  let asked = 0;
  const server = createServer((req, res) => {
    asked += 1;
    const reply = answer(asked);
    req.resume();
    if (reply === 'never') return;
    req.on('end', () => {
      res.writeHead(reply.status, { 'content-type': 'application/json', 'x-fc-request-id': `fake-${asked}` });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked: () => asked,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('a fan-out the platform does not take at once', () => {
  const kept = process.env.ALIYUN_FC_ENDPOINT;
  afterEach(() => {
    process.env.ALIYUN_FC_ENDPOINT = kept;
    delete process.env.NOTIFY_WEBHOOK_URL;
  });

  it('refused: answers each account failed with the code, still sweeps its own account, and notifies once', async () => {
    // As FC refuses a role without fc:InvokeFunction on the function.
    const fc = await fakeFc(() => ({ status: 403, body: { Code: 'AccessDenied', Message: 'The caller is not authorized to invoke this function.', RequestId: 'refused' } }));
    process.env.ALIYUN_FC_ENDPOINT = fc.url;
    process.env.NOTIFY_WEBHOOK_URL = `${robot.base}/robot/send?access_token=robot-token-0123456789`;
    try {
      const { value: parent, lines } = await captureLogs(() => ecs(FC_TIMER, fcContext()));
      expect(parent.ok).toBe(true);
      expect(parent.dispatched).toEqual(NAMES.map((n) => ({ account: n, outcome: 'failed', errorCode: 'AccessDenied', reason: expect.any(String) })));
      // A refusal is not retried: one request per account.
      expect(fc.asked()).toBe(NAMES.length);
      // The own account's rule still ran; no member account was touched.
      expect(ecsCopies(cloud.state())).toEqual(['1000000000000000 cn-shanghai s-own1']);
      expect(cloud.calls().filter((c) => c.service === 'aliyun-sts')).toEqual([]);
      expect(lines.filter((l) => l.includes('"msg":"dispatched"') && l.includes('AccessDenied'))).toHaveLength(NAMES.length);
      const messages = robot.received.map((r) => r.body);
      expect(messages).toHaveLength(1);
      for (const n of NAMES) expect(messages[0]).toContain(`sweep of account ${n} not started: AccessDenied`);
    } finally {
      await fc.close();
    }
  });

  it('throttled: each hand-over is asked again after a pause until the platform takes it', async () => {
    const fc = await fakeFc((n) => (n <= 2 ? { status: 429, body: { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.', RequestId: 'slow' } } : { status: 202, body: undefined }));
    process.env.ALIYUN_FC_ENDPOINT = fc.url;
    try {
      const { value: parent } = await captureLogs(() => ecs(FC_TIMER, fcContext()));
      expect(parent.dispatched).toEqual(NAMES.map((n) => ({ account: n, outcome: 'dispatched', requestId: expect.stringMatching(/^fake-/) })));
      expect(fc.asked()).toBe(NAMES.length + 2);
    } finally {
      await fc.close();
    }
  });

  it('never answering: the timer still answers inside its timeout, its own rules done, each hand-over deferred to the next tick', async () => {
    const fc = await fakeFc(() => 'never');
    process.env.ALIYUN_FC_ENDPOINT = fc.url;
    const timeoutSeconds = 4;
    try {
      const started = Date.now();
      const { value: parent } = await captureLogs(() => ecs(FC_TIMER, fcContext(timeoutSeconds)));
      expect(Date.now() - started).toBeLessThan(timeoutSeconds * 1000);
      expect((parent.dispatched as Array<{ account: string; outcome: string }>).map((d) => [d.account, d.outcome])).toEqual(NAMES.map((n) => [n, 'deferred']));
      expect(fc.asked()).toBeGreaterThanOrEqual(NAMES.length);
      // The hand-overs waiting cost the own account's sweep no time: its copy was made.
      expect(parent.ok).toBe(true);
      expect(ecsCopies(cloud.state())).toEqual(['1000000000000000 cn-shanghai s-own1']);
    } finally {
      await fc.close();
    }
  });

  it('SCF never answering: the CBS timer answers inside its timeout too, each hand-over deferred', async () => {
    const scf = await fakeFc(() => 'never');
    const kept = process.env.TENCENT_SCF_ENDPOINT;
    process.env.TENCENT_SCF_ENDPOINT = scf.url;
    const timeoutMs = 4000;
    try {
      const started = Date.now();
      const { value: parent } = await captureLogs(() => cbs(SCF_TIMER, scfContext(timeoutMs)));
      expect(Date.now() - started).toBeLessThan(timeoutMs);
      expect((parent.dispatched as Array<{ account: string; outcome: string }>).map((d) => [d.account, d.outcome])).toEqual(NAMES.map((n) => [`${n}-tc`, 'deferred']));
      expect(scf.asked()).toBeGreaterThanOrEqual(NAMES.length);
    } finally {
      process.env.TENCENT_SCF_ENDPOINT = kept;
      await scf.close();
    }
  });
});

describe('credentials of a role', () => {
  const sweepAlpha = async (): Promise<Record<string, unknown>> => (await captureLogs(() => ecs(buffer({ action: 'sweep', account: 'alpha' }), fcContext()))).value;
  const assumed = (): number => cloud.calls().filter((c) => c.service === 'aliyun-sts' && c.action === 'AssumeRole' && c.code === 'OK').length;

  it('are kept while valid, and assumed again when the cloud says they expired', async () => {
    expect(await sweepAlpha()).toMatchObject({ ok: true, account: 'alpha' });
    const first = assumed();
    expect(first).toBeGreaterThanOrEqual(1);
    // A warm instance sweeping again asks STS nothing.
    expect(await sweepAlpha()).toMatchObject({ ok: true });
    expect(assumed()).toBe(first);
    // Two hours on the cloud's clock, none on ours: the kept credentials are refused as expired.
    await fetch(`${cloud.url}/_admin/advance`, { method: 'POST', body: JSON.stringify({ seconds: 7200 }) });
    expect(await sweepAlpha()).toMatchObject({ ok: true, account: 'alpha' });
    expect(cloud.calls().some((c) => c.code === 'InvalidSecurityToken.Expired')).toBe(true);
    expect(assumed()).toBe(first + 1);
  });

  it('on Tencent too: CAM credentials refused as expired are assumed again, and the sweep finishes without a second copy', async () => {
    const sweep = async (): Promise<Record<string, unknown>> => (await captureLogs(() => cbs({ action: 'sweep', account: 'alpha-tc' }, scfContext()))).value;
    const tencentAssumed = (): number => cloud.calls().filter((c) => c.service === 'tencent-sts' && c.action === 'AssumeRole' && c.code === 'OK').length;
    expect(await sweep()).toMatchObject({ ok: true, account: 'alpha-tc' });
    const first = tencentAssumed();
    expect(first).toBeGreaterThanOrEqual(1);
    // The copies the first sweep made: the sweep after the expiry lists them with the new credentials and adds none.
    const made = cbsCopies(cloud.state()).filter((c) => c.startsWith(IDS.alpha));
    expect(made).toHaveLength(2);
    await fetch(`${cloud.url}/_admin/advance`, { method: 'POST', body: JSON.stringify({ seconds: 7200 }) });
    expect(await sweep()).toMatchObject({ ok: true, account: 'alpha-tc' });
    expect(cloud.calls().some((c) => c.service !== 'tencent-sts' && c.code === 'AuthFailure.TokenFailure')).toBe(true);
    expect(tencentAssumed()).toBe(first + 1);
    expect(cbsCopies(cloud.state()).filter((c) => c.startsWith(IDS.alpha))).toEqual(made);
  });
});

describe('bad input', () => {
  it('a sweep naming an account no rule replicates is refused before any call', async () => {
    cloud.clearCalls();
    const { value } = await captureLogs(() => ecs(buffer({ action: 'sweep', account: 'delta' }), fcContext()));
    expect(value).toMatchObject({ ok: false, error: { code: 'InvalidInput', field: 'account' } });
    expect(cloud.calls()).toEqual([]);
  });
});
