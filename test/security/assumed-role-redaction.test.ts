/**
 * The credentials of a member account's role are secrets like the function's own: a child sweep whose
 * calls are refused with messages that echo the request (Alibaba's SignatureDoesNotMatch quotes the
 * string to sign, which percent-encodes the form body again; a Tencent gateway may quote X-TC-Token)
 * answers, logs and notifies the code, and none of the assumed token and key in any encoding. The
 * function's own keys, refused by STS itself, are held to the same. Through the built bundles.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { receiverPerFile } from '../support/receiver-per-file';
import { captureLogs, credentialsSeed, fcContext, KEYS, loadBundle, scfContext, useLocalCloud, type Seed } from '../functions/harness';
import { findLeaks } from './leaks';
import { startLeakyProxy, type LeakyProxy } from './leaky-proxy';

const MEMBER = '1000000000000001';
const ALIYUN_ROLE = `acs:ram::${MEMBER}:role/snapshot-replicator-member`;
const TENCENT_ROLE = `qcs::cam::uin/${MEMBER}:roleName/snapshot-replicator-member`;
const recent = new Date(Date.now() - 60_000).toISOString();

const POLICY = {
  accounts: [
    { name: 'shop', cloud: 'aliyun', roleArn: ALIYUN_ROLE },
    { name: 'shop-tc', cloud: 'tencent', roleArn: TENCENT_ROLE },
  ],
  rules: [
    { name: 'shop-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai' }], accounts: ['shop'] },
    { name: 'shop-tc-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing' }], accounts: ['shop-tc'] },
  ],
};

function seed(): Seed {
  return {
    accountId: '1000000000000000',
    credentials: credentialsSeed(),
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai'], snapshots: [] },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing'], snapshots: [] },
    accounts: {
      [MEMBER]: {
        ecs: { snapshots: [{ snapshotId: 's-shop1', regionId: 'cn-hangzhou', diskId: 'd-shop1', status: 'accomplished', creationTime: recent }] },
        cbs: { snapshots: [{ snapshotId: 'snap-shop0001', region: 'ap-guangzhou', diskId: 'disk-shop1', state: 'NORMAL', createTime: recent }] },
      },
    },
    roles: [
      { arn: ALIYUN_ROLE, accountId: MEMBER, trustedAccessKeyIds: [KEYS.aliyun.accessKeyId] },
      { arn: TENCENT_ROLE, accountId: MEMBER, trustedAccessKeyIds: [KEYS.tencent.secretId] },
    ],
  };
}

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));
const ecs = loadBundle('ecs-replicator');
const cbs = loadBundle('cbs-replicator');
const robot = receiverPerFile();
let proxy: LeakyProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  delete process.env.NOTIFY_WEBHOOK_URL;
});

/** Percent-encoding as Alibaba's RPC signature applies it (RFC 3986). */
const rpcEncode = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
/** A secret as it may travel: as it is, percent-encoded once (a signed form) and twice (an echoed string to sign). */
const forms = (secret: string): string[] => [secret, rpcEncode(secret), rpcEncode(rpcEncode(secret))];

/** Alibaba's answer to a bad signature: the string to sign it computed, the request's form encoded again. */
const stringToSignEcho = (body: string): string => `Specified signature is not matched with our calculation. server string to sign is:POST&%2F&${rpcEncode(body)}`;

function expectNone(secrets: string[], ...texts: string[]): void {
  const all = texts.join('\n');
  expect(findLeaks(all, secrets.flatMap(forms))).toEqual([]);
}

async function sweep(run: () => Promise<Record<string, unknown>>): Promise<{ answer: Record<string, unknown>; text: string }> {
  process.env.NOTIFY_WEBHOOK_URL = `${robot.base}/robot/send?access_token=robot-token-0123456789`;
  const { value, lines } = await captureLogs(run);
  return { answer: value, text: [JSON.stringify(value), ...lines, ...robot.received.map((r) => r.body)].join('\n') };
}

describe('the assumed credentials of a member account', () => {
  it('Alibaba: a copy refused with the string to sign echoed (the assumed token encoded twice) leaks none of them', async () => {
    const seen: Array<{ token: string; keyId: string }> = [];
    proxy = await startLeakyProxy(cloud.url, {
      action: 'CopySnapshot',
      code: 'SignatureDoesNotMatch',
      message: ({ body }) => {
        const form = new URLSearchParams(body);
        seen.push({ token: form.get('SecurityToken') ?? '', keyId: form.get('AccessKeyId') ?? '' });
        return stringToSignEcho(body);
      },
    });
    process.env.ALIYUN_ECS_ENDPOINT = proxy.url;
    const { answer, text } = await sweep(() => ecs(Buffer.from(JSON.stringify({ action: 'sweep', account: 'shop' })), fcContext()));
    // The refused call was made with the role's keys, and its code reached the answer.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]?.keyId).toMatch(/^STS\./);
    expect(seen[0]?.keyId).not.toBe(KEYS.aliyun.accessKeyId);
    expect(seen[0]?.token.length).toBeGreaterThan(20);
    expect(text).toContain('SignatureDoesNotMatch');
    expect(answer.account).toBe('shop');
    expect(robot.received.length).toBeGreaterThan(0);
    expectNone([...new Set(seen.map((s) => s.token))], text);
    // Nor the function's own keys, with which the role was assumed in the same run.
    expectNone([KEYS.aliyun.accessKeySecret, KEYS.aliyun.securityToken], text);
  });

  it('Tencent: a copy refused quoting X-TC-Token (the assumed token) leaks none of it', async () => {
    const seen: string[] = [];
    proxy = await startLeakyProxy(cloud.url, {
      action: 'CopySnapshotCrossRegions',
      code: 'AuthFailure.SignatureFailure',
      message: ({ headers }) => {
        const token = String(headers['x-tc-token'] ?? '');
        seen.push(token);
        return `The provided credentials could not be validated (X-TC-Token: ${token}; as sent: ${encodeURIComponent(token)}).`;
      },
    });
    process.env.TENCENT_CBS_ENDPOINT = proxy.url;
    const { answer, text } = await sweep(() => cbs({ action: 'sweep', account: 'shop-tc' }, scfContext()));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]?.length).toBeGreaterThan(20);
    expect(seen[0]).not.toBe(KEYS.tencent.sessionToken);
    expect(text).toContain('AuthFailure.SignatureFailure');
    expect(answer.account).toBe('shop-tc');
    expectNone([...new Set(seen)], text);
  });
});

describe("the function's own keys refused by STS", () => {
  it('Alibaba STS echoing its string to sign (the own token encoded twice): the code is answered and notified, no key in any form', async () => {
    const wrong = 'wrong-own-secret-for-sts-0123';
    const { answer, text } = await sweep(() => ecs(Buffer.from(JSON.stringify({ action: 'sweep', account: 'shop' })), { ...fcContext(), credentials: { ...KEYS.aliyun, accessKeySecret: wrong } }));
    expect(answer).toMatchObject({ ok: false, account: 'shop', error: { code: 'SignatureDoesNotMatch' } });
    // The local cloud's STS echoes the string to sign, as Alibaba's does: the answer it gave holds the token.
    const echoed = cloud.calls().find((c) => c.service === 'aliyun-sts' && c.code === 'SignatureDoesNotMatch');
    expect(echoed).toBeDefined();
    expect(robot.received).toHaveLength(1);
    expectNone([KEYS.aliyun.securityToken, KEYS.aliyun.accessKeySecret, wrong], text);
  });
});
