/**
 * Signed notifications through the built bundles, against a stand-in robot that checks signatures as
 * DingTalk and Lark document them (receiver.ts): a signed message is accepted, a wrong secret or a
 * stale timestamp is refused, and neither the secret nor the signature is ever logged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, scfContext, useLocalCloud, type Seed } from '../functions/harness';
import { registerTestSecrets } from '../security/log-guard';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { receiverPerFile } from '../support/receiver-per-file';
import { robotKind } from '../../shared/notify/robot-kind';
import { signRequest } from '../../shared/notify/sign';
import { postJson } from '../../shared/notify/webhook';
import { robotBody } from '../../shared/notify/message';
import { robotRefusal } from '../../shared/notify/robot-reply';
import { deadUrl } from './receiver';
import { dingTalkText, larkText } from './robots';

const DINGTALK_TOKEN = 'b7e2c1d2e4b5a6978812ffee00112233445566778899aabbccddeeff00114455';
const DINGTALK_SECRET = 'SEC5a3ecf88f2b3eb50db30ecfc00f53033ac909c99bf7f88fd612bda89d7f3a9dc';
const LARK_TOKEN = '7c1e8d2a-4b3f-4e5d-8a9b-0c1d2e3f4a5b';
const LARK_SECRET = 'qL8mZt3VnR5xWp2KbYc7Hd';
const WRONG_SECRET = 'SECffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff';
registerTestSecrets(DINGTALK_TOKEN, DINGTALK_SECRET, LARK_TOKEN, LARK_SECRET, WRONG_SECRET);

const POLICY = {
  rules: [
    { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] },
    { name: 'tencent-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 7 }] },
  ],
};

type EcsSnap = NonNullable<NonNullable<Seed['ecs']>['snapshots']>[number];
/** Local snapshots cannot be copied: ECS refuses for good, which is worth a message. */
const LOCAL: EcsSnap = { snapshotId: 's-local1', regionId: 'cn-hangzhou', diskId: 'd-local', name: 'local', status: 'accomplished', snapshotType: 'user', category: 'local', tags: { backup: 'dr' } };

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai'], snapshots: [LOCAL] },
    // CBS copies only NORMAL snapshots: one rolling back is refused for good.
    cbs: { regions: ['ap-guangzhou', 'ap-beijing'], snapshots: [{ snapshotId: 'snap-rb000001', region: 'ap-guangzhou', diskId: 'disk-rb01', name: 'rb', state: 'ROLLBACKING' }] },
  };
}

const ecs = loadBundle('ecs-replicator');
const cbs = loadBundle('cbs-replicator');
const ecsSweep = (): Promise<{ value: Record<string, unknown>; lines: string[] }> => captureLogs(() => ecs(buffer({ action: 'sweep' }), fcContext()));
const cbsSweep = (): Promise<{ value: Record<string, unknown>; lines: string[] }> => captureLogs(() => cbs({ Type: 'Timer', TriggerName: 'sweep', Message: '' }, scfContext()));

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));
const robot = receiverPerFile();
const dingTalkUrl = (base: string): string => `${base}/robot/send?access_token=${DINGTALK_TOKEN}`;
const larkUrl = (base: string): string => `${base}/open-apis/bot/v2/hook/${LARK_TOKEN}`;

afterEach(() => {
  for (const v of ['NOTIFY_WEBHOOK_URL', 'NOTIFY_WEBHOOK_SECRET', 'FC_FUNCTION_NAME', 'SCF_FUNCTIONNAME']) delete process.env[v];
});

function logged(lines: string[]): Array<Record<string, unknown>> {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Every form a value could leak in: as it is, percent-encoded (a query), and Base64 of it. */
function forms(value: string): string[] {
  return [value, encodeURIComponent(value), Buffer.from(value).toString('base64')];
}

function signOf(r: { path: string; body: string }, robotName: 'dingtalk' | 'lark'): string {
  if (robotName === 'dingtalk') return new URL(r.path, 'http://x').searchParams.get('sign') ?? '';
  return String((JSON.parse(r.body) as { sign?: unknown }).sign ?? '');
}

describe('DingTalk signing', () => {
  beforeEach(() => {
    process.env.NOTIFY_WEBHOOK_URL = dingTalkUrl(robot.base);
    process.env.NOTIFY_WEBHOOK_SECRET = DINGTALK_SECRET;
  });

  it('signs the URL as DingTalk requires: the robot checks it, takes the message, and the timestamp is fresh', async () => {
    robot.requireSignature({ robot: 'dingtalk', secret: DINGTALK_SECRET });
    const before = Date.now();
    const { lines } = await ecsSweep();
    expect(robot.received).toHaveLength(1);
    const r = robot.received[0]!;
    expect(r.signature).toBe('valid');
    const query = new URL(r.path, 'http://x').searchParams;
    // The token stays; timestamp (ms) and sign are added to the query, the body keeps its shape.
    expect(query.get('access_token')).toBe(DINGTALK_TOKEN);
    expect(Number(query.get('timestamp'))).toBeGreaterThanOrEqual(before);
    expect(Number(query.get('timestamp'))).toBeLessThanOrEqual(Date.now());
    expect(r.path).toMatch(/[?&]sign=[A-Za-z0-9%]+(&|$)/);
    expect(dingTalkText(JSON.parse(r.body) as Record<string, unknown>)).toContain('failed s-local1');
    expect(logged(lines).filter((l) => l.msg === 'notification sent')).toHaveLength(1);
  });

  it('is refused by the robot when signed with another secret, and the refusal is logged with the robot\'s code', async () => {
    robot.requireSignature({ robot: 'dingtalk', secret: WRONG_SECRET });
    const { value, lines } = await ecsSweep();
    expect(value.ok).toBe(true);
    expect(robot.received.map((r) => r.signature)).toEqual(['wrong']);
    expect(logged(lines).find((l) => l.msg === 'notification refused')?.reason).toBe('errcode 310000: sign not match');
  });

  it('an unsigned message is refused by a robot that requires signing (the stand-in checks)', async () => {
    delete process.env.NOTIFY_WEBHOOK_SECRET;
    robot.requireSignature({ robot: 'dingtalk', secret: DINGTALK_SECRET });
    const { lines } = await ecsSweep();
    expect(robot.received.map((r) => r.signature)).toEqual(['missing']);
    expect(logged(lines).some((l) => l.msg === 'notification refused')).toBe(true);
  });

  it('never logs the secret or the signature, sent, refused or undelivered', async () => {
    robot.requireSignature({ robot: 'dingtalk', secret: DINGTALK_SECRET });
    const sent = await ecsSweep();
    const sign = signOf(robot.received[0]!, 'dingtalk');
    expect(sign.length).toBeGreaterThan(20);
    robot.requireSignature({ robot: 'dingtalk', secret: WRONG_SECRET });
    const refused = await ecsSweep();
    process.env.NOTIFY_WEBHOOK_URL = dingTalkUrl(await deadUrl());
    const undelivered = await ecsSweep();
    expect(logged(undelivered.lines).some((l) => l.msg === 'notification failed')).toBe(true);
    const text = [...sent.lines, ...refused.lines, ...undelivered.lines].join('\n');
    for (const leak of [...forms(DINGTALK_SECRET), ...forms(sign), ...forms(DINGTALK_TOKEN)]) expect(text).not.toContain(leak);
  });
});

describe('Lark signing', () => {
  beforeEach(() => {
    delete process.env.FC_FUNCTION_NAME;
    process.env.SCF_FUNCTIONNAME = 'snapshot-replicator-cbs';
    process.env.NOTIFY_WEBHOOK_URL = larkUrl(robot.base);
    process.env.NOTIFY_WEBHOOK_SECRET = LARK_SECRET;
  });

  it('signs the body as Lark requires: timestamp in seconds and sign beside the message; the robot checks it', async () => {
    robot.requireSignature({ robot: 'lark', secret: LARK_SECRET });
    const before = Math.floor(Date.now() / 1000);
    const { lines } = await cbsSweep();
    expect(robot.received).toHaveLength(1);
    const r = robot.received[0]!;
    expect(r.signature).toBe('valid');
    const body = JSON.parse(r.body) as Record<string, unknown>;
    expect(typeof body.timestamp).toBe('string');
    expect(Number(body.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(body.timestamp)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(larkText(body)).toContain('failed snap-rb000001');
    // The URL is left as it is: Lark reads the signature from the body.
    expect(r.path).toBe(`/open-apis/bot/v2/hook/${LARK_TOKEN}`);
    expect(logged(lines).filter((l) => l.msg === 'notification sent')).toHaveLength(1);
  });

  it('is refused with Lark\'s code 19021 when signed with another secret', async () => {
    robot.requireSignature({ robot: 'lark', secret: WRONG_SECRET });
    const { lines } = await cbsSweep();
    expect(robot.received.map((r) => r.signature)).toEqual(['wrong']);
    expect(String(logged(lines).find((l) => l.msg === 'notification refused')?.reason)).toMatch(/^code 19021: sign match fail/);
  });

  it('never logs the secret or the signature', async () => {
    robot.requireSignature({ robot: 'lark', secret: LARK_SECRET });
    const { lines } = await cbsSweep();
    const sign = signOf(robot.received[0]!, 'lark');
    const text = lines.join('\n');
    for (const leak of [...forms(LARK_SECRET), ...forms(sign), LARK_TOKEN]) expect(text).not.toContain(leak);
  });
});

describe('timestamps', () => {
  it.each([
    ['dingtalk', dingTalkUrl, DINGTALK_SECRET],
    ['lark', larkUrl, LARK_SECRET],
  ] as const)('%s: a signature made two hours ago is refused as stale; one made now is taken', async (robotName, url, secret) => {
    robot.requireSignature({ robot: robotName, secret });
    const send = async (atMs: number): Promise<string | undefined> => {
      const signed = signRequest(robotName, secret, new URL(url(robot.base)), robotBody('snapshot-replicator: test'), atMs);
      const reply = await postJson(signed.url, signed.body, 3000);
      return robotRefusal(reply.status, reply.body);
    };
    expect(await send(Date.now() - 2 * 3_600_000)).toBeDefined();
    expect(await send(Date.now())).toBeUndefined();
    expect(robot.received.map((r) => r.signature)).toEqual(['stale', 'valid']);
  });
});

describe('the robot, from the URL', () => {
  it.each([
    ['https://oapi.dingtalk.com/robot/send?access_token=abc', 'dingtalk'],
    ['https://open.feishu.cn/open-apis/bot/v2/hook/abc-def', 'lark'],
    ['https://open.larksuite.com/open-apis/bot/v2/hook/abc-def', 'lark'],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', 'wecom'],
    ['http://127.0.0.1:9000/robot/send?access_token=abc', 'dingtalk'],
    ['http://relay.example/open-apis/bot/v2/hook/abc-def', 'lark'],
    ['http://relay.example/cgi-bin/webhook/send?key=abc', 'wecom'],
    ['https://hooks.example.com/services/T000/B000', undefined],
  ])('%s is %s', (url, kind) => {
    expect(robotKind(new URL(url))).toBe(kind);
  });
});

describe('configuration', () => {
  it.each([
    ['a WeCom robot (no signing)', `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${DINGTALK_TOKEN}`, /WeCom robots have no signing/],
    ['a URL no robot signs', `https://hooks.example.com/services/${DINGTALK_TOKEN}`, /cannot be signed/],
    ['no webhook URL at all', undefined, /without NOTIFY_WEBHOOK_URL/],
  ])('refuses NOTIFY_WEBHOOK_SECRET with %s before any API call, echoing neither secret nor URL', async (_case, url, rule) => {
    if (url !== undefined) process.env.NOTIFY_WEBHOOK_URL = url;
    process.env.NOTIFY_WEBHOOK_SECRET = DINGTALK_SECRET;
    const { value, lines } = await ecsSweep();
    expect(value).toMatchObject({ ok: false, error: { code: 'InvalidConfiguration', field: 'NOTIFY_WEBHOOK_SECRET' } });
    expect(JSON.stringify(value)).toMatch(rule);
    expect(cloud.calls()).toEqual([]);
    const text = JSON.stringify(value) + lines.join('\n');
    expect(text).not.toContain(DINGTALK_SECRET);
    expect(text).not.toContain(DINGTALK_TOKEN);
  });
});
