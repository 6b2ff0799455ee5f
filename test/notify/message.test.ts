/** The pieces of the notification: which pairs, what text, whether the robot took it, which settings. */
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../../shared/secrets/redact';
import type { ReplicationResult } from '../../shared/contracts/results';
import { DEFAULT_DEFERRED_AFTER_HOURS, notifyConfig } from '../../shared/notify/config';
import { MAX_CONTENT_BYTES, messageText, robotBody } from '../../shared/notify/message';
import { notablePairs } from '../../shared/notify/notable';
import { robotRefusal } from '../../shared/notify/robot-reply';
import { webhookLabel, withoutWebhook } from '../../shared/notify/webhook';
import { registerTestSecrets } from '../security/log-guard';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;

function pair(over: Partial<ReplicationResult>): ReplicationResult {
  return { sourceSnapshotId: 's-1', sourceRegion: 'cn-hangzhou', destinationRegion: 'cn-shanghai', outcome: 'failed', ...over };
}

describe('notablePairs', () => {
  it('keeps unreachable region pairs and failed upkeep, and the message names both', () => {
    const unreachable = pair({ sourceSnapshotId: '', destinationRegion: 'cn-nowhere', outcome: 'deferred', errorCode: 'NetworkError', regionUnavailable: true, rule: 'r' });
    const notable = notablePairs({ results: [unreachable], chores: [{ kind: 'prune', rule: 'r', region: 'ap-beijing', snapshotId: 'snap-x', outcome: 'failed', errorCode: 'Forbidden' }, { kind: 'prune', rule: 'r', region: 'ap-beijing', snapshotId: 'snap-y', outcome: 'done' }] }, 24, NOW);
    expect(notable.unavailable).toHaveLength(1);
    expect(notable.longDeferred).toEqual([]);
    expect(notable.failedChores.map((c) => c.snapshotId)).toEqual(['snap-x']);
    const text = messageText({ functionName: 'f', requestId: 'r', notable, deferredAfterHours: 24 });
    expect(text).toContain('1 region pairs not reachable');
    expect(text).toContain('1 upkeep tasks failed');
    expect(text).toContain('cn-nowhere');
    expect(text).toContain('failed prune snap-x in ap-beijing: Forbidden');
  });

  it('keeps failed pairs, and deferred ones whose source is older than the limit', () => {
    const results = [
      pair({ outcome: 'failed', errorCode: 'X' }),
      pair({ outcome: 'deferred', sourceSnapshotId: 's-old', sourceCreatedAt: new Date(NOW - 25 * HOUR).toISOString() }),
      pair({ outcome: 'deferred', sourceSnapshotId: 's-new', sourceCreatedAt: new Date(NOW - 23 * HOUR).toISOString() }),
      pair({ outcome: 'deferred', sourceSnapshotId: 's-unknown' }),
      pair({ outcome: 'copied', sourceCreatedAt: new Date(NOW - 99 * HOUR).toISOString() }),
    ];
    const notable = notablePairs({ results }, 24, NOW);
    expect(notable.failed.map((r) => r.errorCode)).toEqual(['X']);
    expect(notable.longDeferred.map((r) => r.sourceSnapshotId)).toEqual(['s-old']);
  });
});

describe('messageText', () => {
  const facts = (failed: ReplicationResult[]) => ({
    functionName: 'fn', requestId: 'req-1', trigger: 'timer', notable: { failed, longDeferred: [], unavailable: [], failedChores: [], alerts: [], failedDispatches: [] }, deferredAfterHours: 24,
  });

  it('redacts secrets and signed URLs that a code or reason carries', () => {
    const secret = 'notify-unit-secret-123456';
    registerSecret(secret);
    registerTestSecrets(secret);
    const text = messageText(facts([pair({ reason: `see https://x.example/?Signature=abc and ${secret}` })]));
    expect(text).not.toContain(secret);
    expect(text).not.toContain('Signature=abc');
    expect(text).toContain('https://x.example/?[redacted]');
  });

  it('stays within the byte limit whatever the pairs hold, counting what it leaves out', () => {
    const failed = Array.from({ length: 10 }, (_, i) => pair({ sourceSnapshotId: `s-${i}`, errorCode: `快${'码'.repeat(200)}` }));
    const text = messageText(facts(failed));
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(MAX_CONTENT_BYTES);
    const listed = text.split('\n').filter((l) => l.startsWith('failed ')).length;
    expect(listed).toBeLessThan(10);
    expect(text.split('\n').at(-1)).toBe(`… and ${10 - listed} more (see the function's logs)`);
  });

  it('puts the same text in both robot shapes', () => {
    expect(robotBody('hi')).toEqual({ msgtype: 'text', text: { content: 'hi' }, msg_type: 'text', content: { text: 'hi' } });
  });
});

describe('robotRefusal', () => {
  it.each([
    [200, '{"errcode":0,"errmsg":"ok"}', undefined],
    [200, '{"code":0,"msg":"success","data":{}}', undefined],
    [200, '{"StatusCode":0,"StatusMessage":"success"}', undefined],
    [200, 'ok', undefined],
    [200, '{"errcode":93000,"errmsg":"invalid webhook url"}', 'errcode 93000: invalid webhook url'],
    [200, '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}', 'code 19021: sign match fail or timestamp is not within one hour from current time'],
    [502, '<html>bad gateway</html>', 'HTTP 502'],
  ])('reads status %i with %s', (status, body, expected) => {
    expect(robotRefusal(status, body)).toBe(expected);
  });
});

describe('the webhook URL in logs', () => {
  const url = new URL('https://open.feishu.cn/open-apis/bot/v2/hook/2f9a8c7e-5b4d-4c3a-9e1f-0a1b2c3d4e5f?x=y');

  it('is labelled by scheme and host only', () => {
    expect(webhookLabel(url)).toBe('https://open.feishu.cn');
  });

  it('is cut out of error messages that quote it', () => {
    expect(withoutWebhook(`POST ${url.href} failed; path ${url.pathname}`, url)).toBe('POST  failed; path ');
  });
});

describe('notifyConfig', () => {
  it('is off without a URL, and defaults the limit to a day', () => {
    expect(notifyConfig({})).toBeUndefined();
    expect(notifyConfig({ NOTIFY_WEBHOOK_URL: '  ' })).toBeUndefined();
    expect(notifyConfig({ NOTIFY_WEBHOOK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t' })?.deferredAfterHours).toBe(DEFAULT_DEFERRED_AFTER_HOURS);
    expect(notifyConfig({ NOTIFY_WEBHOOK_URL: 'https://h.example/x', NOTIFY_DEFERRED_AFTER_HOURS: '0.5' })?.deferredAfterHours).toBe(0.5);
  });

  it.each([
    [{ NOTIFY_WEBHOOK_URL: 'file:///etc/passwd' }, 'NOTIFY_WEBHOOK_URL'],
    [{ NOTIFY_WEBHOOK_URL: 'https://h.example/x', NOTIFY_DEFERRED_AFTER_HOURS: '-1' }, 'NOTIFY_DEFERRED_AFTER_HOURS'],
    [{ NOTIFY_WEBHOOK_URL: 'https://h.example/x', NOTIFY_DEFERRED_AFTER_HOURS: '9000' }, 'NOTIFY_DEFERRED_AFTER_HOURS'],
  ])('refuses %j as InvalidConfiguration of %s', (env, field) => {
    expect(() => notifyConfig(env)).toThrow(expect.objectContaining({ code: 'InvalidConfiguration', field }));
  });
});
