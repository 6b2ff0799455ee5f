/**
 * The failure webhook through the built bundles, against a stand-in robot on 127.0.0.1: one message
 * when a pair failed or stayed deferred too long, none otherwise; a body all three robots read; a
 * robot that is down, slow or refusing never changes the answer; the robot's token is never logged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, scfContext, useLocalCloud, type Seed } from '../functions/harness';
import { registerTestSecrets } from '../security/log-guard';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { receiverPerFile } from '../support/receiver-per-file';
import { deadUrl } from './receiver';
import { dingTalkText, larkText, weComText } from './robots';

const HOUR = 3_600_000;
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

const DINGTALK_TOKEN = 'a9f3c1d2e4b5a6978812ffee00112233445566778899aabbccddeeff00112233';
const LARK_TOKEN = '2f9a8c7e-5b4d-4c3a-9e1f-0a1b2c3d4e5f';
registerTestSecrets(DINGTALK_TOKEN, LARK_TOKEN);

const POLICY = {
  rules: [
    { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] },
    { name: 'tencent-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 7 }] },
  ],
};

type EcsSnap = NonNullable<NonNullable<Seed['ecs']>['snapshots']>[number];

function seed(...snapshots: EcsSnap[]): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai'], snapshots },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing'], snapshots: [{ snapshotId: 'snap-db000001', region: 'ap-guangzhou', diskId: 'disk-db01', name: 'db', state: 'NORMAL' }] },
  };
}

const GOOD: EcsSnap = { snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user', tags: { backup: 'dr' } };
/** Local snapshots cannot be copied: ECS refuses for good. */
const LOCAL: EcsSnap = { snapshotId: 's-local1', regionId: 'cn-hangzhou', diskId: 'd-local', name: 'local', status: 'accomplished', snapshotType: 'user', category: 'local', tags: { backup: 'dr' } };
const stuck = (id: string, ageMs: number): EcsSnap => ({
  snapshotId: id, regionId: 'cn-hangzhou', diskId: `d-${id.slice(2)}`, name: id, status: 'progressing', snapshotType: 'user', tags: { backup: 'dr' },
  creationTime: ago(ageMs), completesAt: new Date(Date.now() + 1000 * HOUR).toISOString(),
});

const ecs = loadBundle('ecs-replicator');
const cbs = loadBundle('cbs-replicator');
const sweep = (): Promise<{ value: Record<string, unknown>; lines: string[] }> => captureLogs(() => ecs(buffer({ action: 'sweep' }), fcContext()));

// Each test puts the cloud in the state it needs.
const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY), { resetEachTest: false });
const robot = receiverPerFile();

beforeEach(() => {
  process.env.FC_FUNCTION_NAME = 'snapshot-replicator-ecs';
  process.env.NOTIFY_WEBHOOK_URL = `${robot.base}/robot/send?access_token=${DINGTALK_TOKEN}`;
});
afterEach(() => {
  for (const v of ['NOTIFY_WEBHOOK_URL', 'NOTIFY_DEFERRED_AFTER_HOURS', 'FC_FUNCTION_NAME', 'SCF_FUNCTIONNAME']) delete process.env[v];
});

function onlyMessage(): { body: Record<string, unknown>; text: string } {
  expect(robot.received).toHaveLength(1);
  const received = robot.received[0]!;
  expect(received.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(received.body) as Record<string, unknown>;
  return { body, text: dingTalkText(body) ?? '' };
}

function logged(lines: string[]): Array<Record<string, unknown>> {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('when to send', () => {
  it('sends one message when a copy failed, naming the function, request, counts and the pair with its code', async () => {
    cloud.reset(seed(GOOD, LOCAL));
    const { value, lines } = await sweep();
    expect(value.ok).toBe(true);
    const { text } = onlyMessage();
    expect(text.split('\n')[0]).toBe('snapshot-replicator: 1 failed');
    expect(text).toContain('function snapshot-replicator-ecs, request req-fc-test, trigger manual');
    expect(text).toContain('counts: copied 1, already-copied 0, in-progress 0, deferred 0, skipped 0, failed 1');
    expect(text).toContain('failed s-local1 cn-hangzhou -> cn-shanghai: InvalidSnapshotCategory.NotSupportCopy; rule prod-dr');
    expect(logged(lines).filter((l) => l.msg === 'notification sent')).toMatchObject([{ level: 'info', failed: 1, deferred: 0, requestId: 'req-fc-test' }]);
  });

  it('sends nothing when every pair is copied', async () => {
    cloud.reset(seed(GOOD));
    const { value, lines } = await sweep();
    expect((value.summary as { counts: Record<string, number> }).counts.copied).toBe(1);
    expect(robot.received).toEqual([]);
    expect(lines.some((l) => l.includes('notification'))).toBe(false);
  });

  it('sends for a pair deferred while its source is older than the limit, and not for a fresh one', async () => {
    cloud.reset(seed(stuck('s-fresh1', 2 * HOUR)));
    await sweep();
    expect(robot.received).toEqual([]);

    cloud.reset(seed(stuck('s-stuck1', 30 * HOUR), stuck('s-fresh1', 2 * HOUR)));
    const { value } = await sweep();
    expect((value.summary as { counts: Record<string, number> }).counts.deferred).toBe(2);
    const { text } = onlyMessage();
    expect(text.split('\n')[0]).toBe('snapshot-replicator: 1 deferred for over 24 h');
    expect(text).toMatch(/deferred s-stuck1 cn-hangzhou -> cn-shanghai: source is not ready yet \(progressing\); rule prod-dr; source made \d{4}-/);
    expect(text).not.toContain('s-fresh1');
  });

  it('sends when a timer run fails as a whole (a bad policy), naming the error', async () => {
    cloud.reset(seed(GOOD));
    process.env.REPLICATION_POLICY = JSON.stringify({ rules: [{ ...POLICY.rules[0], destinations: [{ region: 'cn-shanghai', retentionDays: 0 }] }] });
    const { value } = await sweep();
    expect(value.ok).toBe(false);
    const { text } = onlyMessage();
    expect(text.split('\n')[0]).toBe('snapshot-replicator: run failed with InvalidPolicy');
    expect(text).toContain('rules[0].destinations[0].retentionDays');
  });

  it('sends when the cloud refuses the run (wrong credentials), without the secret', async () => {
    cloud.reset(seed(GOOD));
    const { value, lines } = await captureLogs(() => ecs(buffer({ action: 'sweep' }), { ...fcContext(), credentials: { accessKeyId: 'STS.functiontest', accessKeySecret: 'a-wrong-secret-0000000000', securityToken: 'fc-role-token-abcdefghijklmnop' } }));
    expect(value).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch' } });
    const { text } = onlyMessage();
    expect(text.split('\n')[0]).toBe('snapshot-replicator: run failed with SignatureDoesNotMatch');
    expect(text).not.toContain('a-wrong-secret-0000000000');
    expect(lines.join('\n')).not.toContain('a-wrong-secret-0000000000');
  });

  it('sends nothing for a caller\'s bad payload: the answer tells the caller', async () => {
    const { value } = await captureLogs(() => ecs(buffer({ action: 'copy' }), fcContext()));
    expect(value.ok).toBe(false);
    expect(robot.received).toHaveLength(0);
  });

  it('takes the limit from NOTIFY_DEFERRED_AFTER_HOURS', async () => {
    process.env.NOTIFY_DEFERRED_AFTER_HOURS = '1';
    cloud.reset(seed(stuck('s-fresh1', 2 * HOUR)));
    await sweep();
    expect(onlyMessage().text.split('\n')[0]).toBe('snapshot-replicator: 1 deferred for over 1 h');
  });

  it('sends from the SCF function too, to a Lark-style URL', async () => {
    delete process.env.FC_FUNCTION_NAME;
    process.env.SCF_FUNCTIONNAME = 'snapshot-replicator-cbs';
    process.env.NOTIFY_WEBHOOK_URL = `${robot.base}/open-apis/bot/v2/hook/${LARK_TOKEN}`;
    // CBS copies only NORMAL snapshots: one rolling back is refused for good.
    const rollingBack = { ...seed(), cbs: { regions: ['ap-guangzhou', 'ap-beijing'], snapshots: [{ snapshotId: 'snap-rb000001', region: 'ap-guangzhou', diskId: 'disk-rb01', name: 'rb', state: 'ROLLBACKING' }] } };
    cloud.reset(rollingBack);
    const { value } = await captureLogs(() => cbs({ Type: 'Timer', TriggerName: 'sweep', Message: '' }, scfContext()));
    expect((value.summary as { counts: Record<string, number> }).counts.failed).toBe(1);
    const { body } = onlyMessage();
    const text = larkText(body) ?? '';
    expect(text).toContain('function snapshot-replicator-cbs, request req-scf-test, trigger timer');
    expect(text).toContain('failed snap-rb000001 ap-guangzhou -> ap-beijing: InvalidSnapshot.NotSupported; rule tencent-dr');
  });
});

describe('the body', () => {
  it('is read by DingTalk, WeCom and Lark alike, with the same text, within WeCom\'s 2048 bytes', async () => {
    cloud.reset(seed(LOCAL, ...Array.from({ length: 14 }, (_, i) => stuck(`s-stuck${String(i).padStart(2, '0')}`, 48 * HOUR))));
    await sweep();
    const { body } = onlyMessage();
    const text = dingTalkText(body);
    expect(text).toBeDefined();
    expect(weComText(body)).toBe(text);
    expect(larkText(body)).toBe(text);
    expect(Object.keys(body).sort()).toEqual(['content', 'msg_type', 'msgtype', 'text']);
    // At most ten pairs by name; the rest are counted.
    const lines = (text ?? '').split('\n');
    expect(lines.filter((l) => /^(failed|deferred) /.test(l))).toHaveLength(10);
    expect(lines.at(-1)).toBe("… and 5 more (see the function's logs)");
  });
});

describe('a robot that is down, slow or refusing', () => {
  async function answerWith(url: string | undefined): Promise<{ value: Record<string, unknown>; lines: string[] }> {
    if (url === undefined) delete process.env.NOTIFY_WEBHOOK_URL;
    else process.env.NOTIFY_WEBHOOK_URL = url;
    cloud.reset(seed(GOOD, LOCAL));
    return sweep();
  }

  function outcomes(answer: Record<string, unknown>): string[] {
    return (answer.results as Array<{ sourceSnapshotId: string; outcome: string }>).map((r) => `${r.sourceSnapshotId}:${r.outcome}`).sort();
  }

  it('answers as without a webhook when nothing listens, and warns', async () => {
    const { value: plain } = await answerWith(undefined);
    const { value, lines } = await answerWith(`${await deadUrl()}/robot/send?access_token=${DINGTALK_TOKEN}`);
    expect(value.ok).toBe(true);
    expect(outcomes(value)).toEqual(outcomes(plain));
    expect(logged(lines).filter((l) => l.msg === 'notification failed')).toMatchObject([{ level: 'warn', requestId: 'req-fc-test' }]);
  });

  it('answers when the robot never replies, after the short timeout, and warns', async () => {
    robot.behave('hang');
    const { value, lines } = await answerWith(`${robot.base}/robot/send?access_token=${DINGTALK_TOKEN}`);
    expect(value.ok).toBe(true);
    expect(robot.received).toHaveLength(1);
    expect(logged(lines).find((l) => l.msg === 'notification failed')?.error).toBe('no answer within 3000 ms');
  });

  it('warns with the robot\'s code when it refuses the message', async () => {
    robot.behave('refuse');
    const { value, lines } = await answerWith(`${robot.base}/robot/send?access_token=${DINGTALK_TOKEN}`);
    expect(value.ok).toBe(true);
    expect(logged(lines).find((l) => l.msg === 'notification refused')?.reason).toBe('errcode 310000: keywords not in content');
  });
});

describe('the robot\'s token', () => {
  it.each([
    ['in the query (DingTalk, WeCom)', (base: string) => `${base}/robot/send?access_token=${DINGTALK_TOKEN}`, DINGTALK_TOKEN],
    ['in the path (Lark)', (base: string) => `${base}/open-apis/bot/v2/hook/${LARK_TOKEN}`, LARK_TOKEN],
  ])('is never logged when it is %s, sent or not', async (_where, url, token) => {
    for (const target of [url(robot.base), url(await deadUrl())]) {
      process.env.NOTIFY_WEBHOOK_URL = target;
      cloud.reset(seed(LOCAL));
      const { lines } = await sweep();
      const notices = logged(lines).filter((l) => String(l.msg).startsWith('notification'));
      expect(notices).toHaveLength(1);
      expect(String(notices[0]?.webhook)).toBe(new URL(target).origin);
      expect(lines.join('\n')).not.toContain(token);
    }
    expect(robot.received.map((r) => r.path)).toEqual([new URL(url(robot.base)).pathname + new URL(url(robot.base)).search]);
  });
});

describe('configuration', () => {
  it.each([
    ['NOTIFY_WEBHOOK_URL', `ftp://oapi.dingtalk.com/robot/send?access_token=${DINGTALK_TOKEN}`],
    ['NOTIFY_WEBHOOK_URL', `not a url ${DINGTALK_TOKEN}`],
    ['NOTIFY_DEFERRED_AFTER_HOURS', 'soon'],
    ['NOTIFY_DEFERRED_AFTER_HOURS', '0'],
  ])('refuses a bad %s (%s) before any API call, without echoing the URL', async (variable, text) => {
    process.env[variable] = text;
    cloud.reset(seed(GOOD));
    const { value, lines } = await sweep();
    expect(value).toMatchObject({ ok: false, error: { code: 'InvalidConfiguration', field: variable } });
    expect(cloud.calls()).toEqual([]);
    expect(JSON.stringify(value)).not.toContain(DINGTALK_TOKEN);
    expect(lines.join('\n')).not.toContain(DINGTALK_TOKEN);
  });
});
