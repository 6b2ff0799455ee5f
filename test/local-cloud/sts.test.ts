import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { Seed } from '../../local-cloud/index';
import type { AliyunKey, TencentKey } from '../../local-cloud/seed';
import { aliyunAssumeRole, cbsClient, fcInvoke, refusal, rpc, stsClient } from './platform-clients';

// STS AssumeRole of both clouds, through the real SDKs: pop-core's RPCClient (Alibaba 2015-04-01)
// and tencentcloud-sdk-nodejs (Tencent 2018-08-13). A role hands out credentials that reach its own
// account, and only it, until they expire on the emulated clock.

/** The function's own credentials, as the platforms hand them over: temporary keys of its role. */
const FUNCTION_KEY = { accessKeyId: 'STS.functionrole', accessKeySecret: 'function-role-secret-0001', securityToken: 'function+role/token=' };
const OUTSIDER_KEY = { accessKeyId: 'LTAIoutsider', accessKeySecret: 'outsider-secret-0001' };
const FUNCTION_TC = { secretId: 'AKIDfunctionrole', secretKey: 'function-role-tc-0001', sessionToken: 'function-role-tc-token' };
const OUTSIDER_TC = { secretId: 'AKIDoutsider', secretKey: 'outsider-tc-0001' };

const REPLICATOR = 'acs:ram::1000000000000002:role/replicator';
const SHORT = 'acs:ram::1000000000000002:role/short-sessions';
const TC_REPLICATOR = 'qcs::cam::uin/100000000002:roleName/replicator';

function seed(): Seed {
  return {
    accountId: 'acct-main',
    credentials: { aliyun: [FUNCTION_KEY, OUTSIDER_KEY], tencent: [FUNCTION_TC, OUTSIDER_TC] },
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai'], snapshots: [{ snapshotId: 's-main1', regionId: 'cn-hangzhou', diskId: 'd-main1' }] },
    cbs: { regions: ['ap-guangzhou', 'ap-shanghai'], snapshots: [{ snapshotId: 'snap-main1', region: 'ap-guangzhou' }] },
    accounts: {
      'acct-b': {
        ecs: { snapshots: [{ snapshotId: 's-b1', regionId: 'cn-hangzhou', diskId: 'd-b1' }] },
        cbs: { snapshots: [{ snapshotId: 'snap-b1', region: 'ap-guangzhou' }] },
      },
    },
    roles: [
      { arn: REPLICATOR, accountId: 'acct-b', trustedAccessKeyIds: [FUNCTION_KEY.accessKeyId], maxSessionDuration: 7200 },
      { arn: SHORT, accountId: 'acct-b', trustedAccessKeyIds: [FUNCTION_KEY.accessKeyId] },
      { arn: TC_REPLICATOR, accountId: 'acct-b', trustedAccessKeyIds: [FUNCTION_TC.secretId] },
    ],
  };
}

const cloud = localCloudPerFile(seed);

type Json = Record<string, unknown>;

interface AliyunCredentials {
  AccessKeyId: string;
  AccessKeySecret: string;
  SecurityToken: string;
  Expiration: string;
}

async function assumeAliyun(params: Json = {}, key: AliyunKey = FUNCTION_KEY): Promise<Json> {
  return aliyunAssumeRole(cloud.url, key, { RoleArn: REPLICATOR, RoleSessionName: 'sweep-acct-b', ...params });
}

function keyOf(answer: Json): AliyunKey {
  const c = answer.Credentials as AliyunCredentials;
  return { accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret, securityToken: c.SecurityToken };
}

async function ecsIds(key: AliyunKey): Promise<string[]> {
  const answer = await rpc(cloud.url, '2014-05-26', key, 'DescribeSnapshots', { RegionId: 'cn-hangzhou' });
  return (answer.Snapshots as { Snapshot: Json[] }).Snapshot.map((s) => String(s.SnapshotId));
}

/** Seconds from now to an instant the cloud answered (the emulated clock runs with real time until advanced). */
function secondsUntil(iso: string): number {
  return (Date.parse(iso) - Date.now()) / 1000;
}

describe('Alibaba STS AssumeRole (2015-04-01)', () => {
  it('answers temporary credentials and the assumed role in the official shape', async () => {
    const answer = await assumeAliyun({ DurationSeconds: 3600 });
    expect(Object.keys(answer).sort()).toEqual(['AssumedRoleUser', 'Credentials', 'RequestId']);
    const credentials = answer.Credentials as AliyunCredentials;
    expect(credentials.AccessKeyId).toMatch(/^STS\.[A-Za-z0-9]{20,}$/);
    expect(credentials.AccessKeySecret.length).toBeGreaterThanOrEqual(30);
    expect(credentials.SecurityToken.length).toBeGreaterThan(100);
    expect(credentials.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(secondsUntil(credentials.Expiration)).toBeGreaterThan(3590);
    expect(secondsUntil(credentials.Expiration)).toBeLessThanOrEqual(3600);
    expect(answer.AssumedRoleUser).toEqual({ Arn: `${REPLICATOR}/sweep-acct-b`, AssumedRoleId: expect.stringMatching(/^\d+:sweep-acct-b$/) });
  });

  it('hands out credentials for an hour unless asked otherwise, and up to the role\'s MaxSessionDuration', async () => {
    const standard = (await assumeAliyun()).Credentials as AliyunCredentials;
    expect(secondsUntil(standard.Expiration)).toBeGreaterThan(3590);
    expect(secondsUntil(standard.Expiration)).toBeLessThanOrEqual(3600);
    const long = (await assumeAliyun({ DurationSeconds: 7200 })).Credentials as AliyunCredentials;
    expect(secondsUntil(long.Expiration)).toBeGreaterThan(7190);
  });

  it('gives credentials that reach the role\'s account and no other', async () => {
    const key = keyOf(await assumeAliyun());
    expect(await ecsIds(key)).toEqual(['s-b1']);
    expect(await ecsIds(FUNCTION_KEY)).toEqual(['s-main1']);
    const copy = await rpc(cloud.url, '2014-05-26', key, 'CopySnapshot', { RegionId: 'cn-hangzhou', SnapshotId: 's-b1', DestinationRegionId: 'cn-shanghai' });
    expect(cloud.state().accounts['acct-b']?.ecs.snapshots.map((s) => s.snapshotId)).toEqual(['s-b1', copy.SnapshotId]);
    expect(cloud.state().ecs.snapshots.map((s) => s.snapshotId)).toEqual(['s-main1']);
    expect(await refusal(() => rpc(cloud.url, '2014-05-26', key, 'CopySnapshot', { RegionId: 'cn-hangzhou', SnapshotId: 's-main1', DestinationRegionId: 'cn-shanghai' }))).toMatchObject({ code: 'InvalidSnapshotId.NotFound' });
    // AssumeRole is the caller's call; the credentials' calls are the role account's.
    expect(cloud.calls().map((c) => [c.service, c.action, c.accountId, c.code])).toEqual([
      ['aliyun-sts', 'AssumeRole', 'acct-main', 'OK'],
      ['ecs', 'DescribeSnapshots', 'acct-b', 'OK'],
      ['ecs', 'DescribeSnapshots', 'acct-main', 'OK'],
      ['ecs', 'CopySnapshot', 'acct-b', 'OK'],
      ['ecs', 'CopySnapshot', 'acct-b', 'InvalidSnapshotId.NotFound'],
    ]);
  });

  it('keeps the secret and token out of the call log', async () => {
    const key = keyOf(await assumeAliyun());
    await ecsIds(key);
    const log = JSON.stringify(cloud.calls());
    expect(log).not.toContain(key.accessKeySecret);
    expect(log).not.toContain(key.securityToken);
    expect(log).not.toContain(FUNCTION_KEY.securityToken);
  });

  const refusals: Array<[string, Json, AliyunKey, { code: string; status: number }]> = [
    ['a caller the role does not trust', {}, OUTSIDER_KEY, { code: 'NoPermission', status: 403 }],
    ['a role no account has', { RoleArn: 'acs:ram::1000000000000002:role/nobody' }, FUNCTION_KEY, { code: 'EntityNotExist.Role', status: 404 }],
    ['a Tencent role', { RoleArn: TC_REPLICATOR }, FUNCTION_KEY, { code: 'InvalidParameter.RoleArn', status: 400 }],
    ['less than 900 seconds', { DurationSeconds: 899 }, FUNCTION_KEY, { code: 'InvalidParameter.DurationSeconds', status: 400 }],
    ['more than the role\'s MaxSessionDuration', { DurationSeconds: 7201 }, FUNCTION_KEY, { code: 'InvalidParameter.DurationSeconds', status: 400 }],
    ['more than an hour of a role that grants an hour', { RoleArn: SHORT, DurationSeconds: 3601 }, FUNCTION_KEY, { code: 'InvalidParameter.DurationSeconds', status: 400 }],
    ['a duration that is not an integer', { DurationSeconds: '1h' }, FUNCTION_KEY, { code: 'InvalidParameter.DurationSeconds', status: 400 }],
    ['a one-letter session name', { RoleSessionName: 'a' }, FUNCTION_KEY, { code: 'InvalidParameter.RoleSessionName', status: 400 }],
    ['a policy that is not a policy document', { Policy: 'allow everything' }, FUNCTION_KEY, { code: 'InvalidParameter.PolicyGrammar', status: 400 }],
    ['no RoleArn', { RoleArn: '' }, FUNCTION_KEY, { code: 'MissingParameter', status: 400 }],
    ['a wrong secret', {}, { ...FUNCTION_KEY, accessKeySecret: 'not-the-secret' }, { code: 'SignatureDoesNotMatch', status: 400 }],
  ];
  it.each(refusals)('refuses %s', async (_what, params, key, expected) => {
    expect(await refusal(() => assumeAliyun(params, key))).toEqual(expected);
    expect(cloud.calls().at(-1)).toMatchObject({ service: 'aliyun-sts', action: 'AssumeRole', code: expected.code });
  });

  it('takes a policy document and an external id', async () => {
    const answer = await assumeAliyun({ Policy: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['ecs:*'], Resource: ['*'] }] }), ExternalId: 'abcd1234' });
    expect(answer.Credentials).toBeDefined();
  });

  it('lets credentials expire on the emulated clock, and renews them with a new AssumeRole', async () => {
    const key = keyOf(await assumeAliyun({ DurationSeconds: 900 }));
    cloud.advance(880);
    expect(await ecsIds(key)).toEqual(['s-b1']);
    cloud.advance(30);
    expect(await refusal(() => ecsIds(key))).toEqual({ code: 'InvalidSecurityToken.Expired', status: 400 });
    expect(await refusal(() => fcInvoke(cloud.url, key, 'replicator', { action: 'sweep' }, 'Async'))).toMatchObject({ code: 'InvalidSecurityToken.Expired' });
    const renewed = keyOf(await assumeAliyun({ DurationSeconds: 900 }));
    expect(renewed.accessKeyId).not.toBe(key.accessKeyId);
    expect(await ecsIds(renewed)).toEqual(['s-b1']);
  });

  it('requires the SecurityToken the credentials came with', async () => {
    const key = keyOf(await assumeAliyun());
    expect(await refusal(() => ecsIds({ accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret }))).toMatchObject({ code: 'InvalidSecurityToken.Malformed' });
    expect(await refusal(() => ecsIds({ ...key, securityToken: FUNCTION_KEY.securityToken }))).toMatchObject({ code: 'InvalidSecurityToken.MismatchWithAccessKey' });
  });

  it('forgets issued credentials at a reset', async () => {
    const key = keyOf(await assumeAliyun());
    cloud.reset(seed());
    expect(await refusal(() => ecsIds(key))).toMatchObject({ code: 'InvalidAccessKeyId.NotFound' });
  });
});

describe('Tencent STS AssumeRole (2018-08-13)', () => {
  async function assumeTencent(params: Json = {}, key: TencentKey = FUNCTION_TC, region: string | null = 'ap-guangzhou'): Promise<Json> {
    return (await stsClient(cloud.url, key, region).AssumeRole({ RoleArn: TC_REPLICATOR, RoleSessionName: 'sweep-acct-b', ...params } as never)) as unknown as Json;
  }

  function tcKeyOf(answer: Json): TencentKey {
    const c = answer.Credentials as { Token: string; TmpSecretId: string; TmpSecretKey: string };
    return { secretId: c.TmpSecretId, secretKey: c.TmpSecretKey, sessionToken: c.Token };
  }

  async function cbsIds(key: TencentKey): Promise<string[]> {
    return ((await cbsClient(cloud.url, key).DescribeSnapshots({})).SnapshotSet ?? []).map((s) => String(s.SnapshotId));
  }

  it('answers temporary credentials with their expiry in Unix seconds and ISO 8601', async () => {
    const answer = await assumeTencent({ DurationSeconds: 1800 });
    expect(Object.keys(answer).sort()).toEqual(['Credentials', 'Expiration', 'ExpiredTime', 'RequestId']);
    const credentials = answer.Credentials as Json;
    expect(Object.keys(credentials).sort()).toEqual(['TmpSecretId', 'TmpSecretKey', 'Token']);
    expect(credentials.TmpSecretId).toMatch(/^AKID[A-Za-z0-9]{30,}$/);
    expect(answer.Expiration).toBe(new Date(Number(answer.ExpiredTime) * 1000).toISOString().replace('.000Z', 'Z'));
    expect(secondsUntil(String(answer.Expiration))).toBeGreaterThan(1790);
    expect(secondsUntil(String(answer.Expiration))).toBeLessThanOrEqual(1800);
  });

  it('hands out credentials for two hours unless asked otherwise', async () => {
    expect(secondsUntil(String((await assumeTencent()).Expiration))).toBeGreaterThan(7190);
  });

  it('gives credentials that reach the role\'s account and no other, only with their token', async () => {
    const key = tcKeyOf(await assumeTencent());
    expect(await cbsIds(key)).toEqual(['snap-b1']);
    expect(await cbsIds(FUNCTION_TC)).toEqual(['snap-main1']);
    expect(await refusal(() => cbsIds({ secretId: key.secretId, secretKey: key.secretKey }))).toMatchObject({ code: 'AuthFailure.TokenFailure' });
    expect(cloud.calls().map((c) => [c.service, c.accountId])).toEqual([['tencent-sts', 'acct-main'], ['cbs', 'acct-b'], ['cbs', 'acct-main'], ['cbs', undefined]]);
  });

  const refusals: Array<[string, Json, TencentKey, string]> = [
    ['a caller the role does not trust', {}, OUTSIDER_TC, 'UnauthorizedOperation'],
    ['a role its account does not have', { RoleArn: 'qcs::cam::uin/100000000002:roleName/nobody' }, FUNCTION_TC, 'ResourceNotFound.RoleNotFound'],
    ['a role of an account that does not exist', { RoleArn: 'qcs::cam::uin/999999999999:roleName/replicator' }, FUNCTION_TC, 'InvalidParameter.AccountNotAvaliable'],
    ['an Alibaba role', { RoleArn: REPLICATOR }, FUNCTION_TC, 'InvalidParameter.ParamError'],
    ['more than 43200 seconds', { DurationSeconds: 43201 }, FUNCTION_TC, 'InvalidParameter.OverTimeError'],
    ['no seconds at all', { DurationSeconds: 0 }, FUNCTION_TC, 'InvalidParameter.ParamError'],
    ['a duration of the wrong type', { DurationSeconds: '7200' }, FUNCTION_TC, 'InvalidParameterValue'],
    ['a session name with a space', { RoleSessionName: 'sweep acct' }, FUNCTION_TC, 'InvalidParameter.ParamError'],
    ['a parameter AssumeRole does not have', { Duration: 7200 }, FUNCTION_TC, 'UnknownParameter'],
    ['a policy that is not a policy document', { Policy: encodeURIComponent('allow everything') }, FUNCTION_TC, 'InvalidParameter.StrategyFormatError'],
    ['a wrong secret', {}, { ...FUNCTION_TC, secretKey: 'not-the-key' }, 'AuthFailure.SignatureFailure'],
  ];
  it.each(refusals)('refuses %s', async (_what, params, key, code) => {
    expect(await refusal(() => assumeTencent(params, key))).toMatchObject({ code });
    expect(cloud.calls().at(-1)).toMatchObject({ service: 'tencent-sts', action: 'AssumeRole', code });
  });

  it('refuses a request without a region', async () => {
    expect(await refusal(() => assumeTencent({}, FUNCTION_TC, null))).toMatchObject({ code: 'MissingParameter' });
  });

  it('answers InternalError.GetRoleError for a missing role in that documented variant', async () => {
    cloud.reset({ ...seed(), variants: { tencentRoleNotFound: 'InternalError.GetRoleError' } });
    expect(await refusal(() => assumeTencent({ RoleArn: 'qcs::cam::uin/100000000002:roleName/nobody' }))).toMatchObject({ code: 'InternalError.GetRoleError' });
  });

  it('lets credentials expire on the emulated clock, and renews them with a new AssumeRole', async () => {
    const key = tcKeyOf(await assumeTencent({ DurationSeconds: 900 }));
    cloud.advance(880);
    expect(await cbsIds(key)).toEqual(['snap-b1']);
    cloud.advance(30);
    expect(await refusal(() => cbsIds(key))).toMatchObject({ code: 'AuthFailure.TokenFailure' });
    const renewed = tcKeyOf(await assumeTencent({ DurationSeconds: 900 }));
    expect(await cbsIds(renewed)).toEqual(['snap-b1']);
  });
});
