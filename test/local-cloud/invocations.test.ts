import { afterEach, describe, expect, it } from 'vitest';
import { buffer, captureLogs, credentialsSeed, fcContext, KEYS, loadBundle, useLocalCloud } from '../functions/harness';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { InvocationRecord, InvocationRequest, Seed } from '../../local-cloud/index';
import { aliyunAssumeRole, fcInvoke, refusal, scfClient } from './platform-clients';

// Asynchronous invocations through the platform APIs, with the real SDKs: FC 3.0 InvokeFunction
// (@alicloud/fc20230330, x-fc-invocation-type: Async) and SCF Invoke (tencentcloud-sdk-nodejs,
// InvocationType Event). Each is recorded and queued; a runner the test gives runs them.

const FUNCTION_KEY = KEYS.aliyun;
const FUNCTION_TC = KEYS.tencent;
const ROLE_B = 'acs:ram::1000000000000002:role/replicator';

const POLICY = {
  rules: [{ name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai' }] }],
};

function seed(): Seed {
  return {
    accountId: 'acct-main',
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai'],
      snapshots: [{ snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', tags: { backup: 'dr' } }],
    },
    accounts: { 'acct-b': {}, 'acct-c': {}, 'acct-d': {} },
    roles: [{ arn: ROLE_B, accountId: 'acct-b', trustedAccessKeyIds: [FUNCTION_KEY.accessKeyId] }],
  };
}

const cloud = localCloudPerFile(seed, (c) => c.runInvocations(undefined));

afterEach(() => cloud.runInvocations(undefined));

async function admin(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${cloud.url}${path}`);
  return { status: res.status, body: await res.json() };
}

function payloadOf(invocation: InvocationRequest): Record<string, unknown> {
  return JSON.parse(invocation.payload) as Record<string, unknown>;
}

describe('FC 3.0 InvokeFunction, asynchronous', () => {
  it('answers 202 with a request id, records the call with its payload, and queues the invocation', async () => {
    const answer = await fcInvoke(cloud.url, FUNCTION_KEY, 'snapshot-replicator', { action: 'sweep', account: 'b' }, 'Async', 'LATEST');
    expect(answer).toMatchObject({ statusCode: 202, body: '' });
    expect(answer.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(cloud.calls()).toEqual([
      {
        service: 'fc',
        action: 'InvokeFunction',
        params: { functionName: 'snapshot-replicator', qualifier: 'LATEST', invocationType: 'Async', payload: '{"action":"sweep","account":"b"}' },
        accountId: 'acct-main',
        code: 'OK',
        at: expect.any(String),
      },
    ]);
    expect(cloud.invocations()).toEqual([
      {
        id: answer.requestId,
        platform: 'fc',
        functionName: 'snapshot-replicator',
        qualifier: 'LATEST',
        accountId: 'acct-main',
        async: true,
        payload: { action: 'sweep', account: 'b' },
        status: 'queued',
        queuedAt: expect.any(String),
      },
    ]);
  });

  it('lists invocations over HTTP, by status too', async () => {
    await fcInvoke(cloud.url, FUNCTION_KEY, 'f', { n: 1 }, 'Async');
    expect((await admin('/_admin/invocations')).body).toEqual(cloud.invocations());
    expect((await admin('/_admin/invocations?status=queued')).body).toHaveLength(1);
    expect((await admin('/_admin/invocations?status=done')).body).toEqual([]);
    expect(await admin('/_admin/invocations?status=finished')).toMatchObject({ status: 400 });
  });

  it('refuses a call whose signature does not check, and queues nothing', async () => {
    expect(await refusal(() => fcInvoke(cloud.url, { ...FUNCTION_KEY, accessKeySecret: 'wrong' }, 'f', {}, 'Async'))).toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect(cloud.invocations()).toEqual([]);
    expect(cloud.calls()).toMatchObject([{ service: 'fc', action: 'InvokeFunction', code: 'SignatureDoesNotMatch', params: {} }]);
  });

  it('records an invocation made with assumed-role credentials in the role\'s account', async () => {
    const assumed = (await aliyunAssumeRole(cloud.url, FUNCTION_KEY, { RoleArn: ROLE_B, RoleSessionName: 'fan-out' })).Credentials as Record<string, string>;
    const key = { accessKeyId: String(assumed.AccessKeyId), accessKeySecret: String(assumed.AccessKeySecret), securityToken: String(assumed.SecurityToken) };
    await fcInvoke(cloud.url, key, 'f', {}, 'Async');
    expect(cloud.invocations().map((i) => i.accountId)).toEqual(['acct-b']);
  });
});

describe('SCF Invoke, InvocationType Event', () => {
  it('answers the FunctionRequestId, records the call, and queues the invocation with its namespace', async () => {
    const answer = await scfClient(cloud.url, FUNCTION_TC).Invoke({ FunctionName: 'snapshot-replicator', InvocationType: 'Event', ClientContext: JSON.stringify({ action: 'sweep', account: 'c' }), Namespace: 'prod' });
    const id = answer.Result?.FunctionRequestId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.Result?.RetMsg).toBe('');
    expect(cloud.calls()).toMatchObject([{ service: 'scf', action: 'Invoke', region: 'ap-guangzhou', accountId: 'acct-main', code: 'OK', params: { InvocationType: 'Event', ClientContext: '{"action":"sweep","account":"c"}' } }]);
    expect(cloud.invocations()).toMatchObject([{ id, platform: 'scf', functionName: 'snapshot-replicator', namespace: 'prod', async: true, payload: { action: 'sweep', account: 'c' }, status: 'queued' }]);
  });

  it('refuses an InvocationType it does not know, and a call without a region', async () => {
    expect(await refusal(() => scfClient(cloud.url, FUNCTION_TC).Invoke({ FunctionName: 'f', InvocationType: 'Later' }))).toMatchObject({ code: 'InvalidParameterValue' });
    expect(await refusal(() => scfClient(cloud.url, FUNCTION_TC, null).Invoke({ FunctionName: 'f', InvocationType: 'Event' }))).toMatchObject({ code: 'MissingParameter' });
    expect(cloud.invocations()).toEqual([]);
  });
});

describe('running invocations through a runner', () => {
  it('runs the queued invocations when a runner is given, and settles with their answers', async () => {
    await fcInvoke(cloud.url, FUNCTION_KEY, 'f', { n: 1 }, 'Async');
    await scfClient(cloud.url, FUNCTION_TC).Invoke({ FunctionName: 'g', InvocationType: 'Event', ClientContext: '{"n":2}' });
    await expect(cloud.settleInvocations(1000)).rejects.toThrow(/wait for a runner/);
    const seen: InvocationRequest[] = [];
    cloud.runInvocations((invocation) => {
      seen.push(invocation);
      return { ok: true, n: payloadOf(invocation).n };
    });
    const settled = await cloud.settleInvocations(5000);
    expect(settled.map((i) => [i.platform, i.status, i.answer])).toEqual([['fc', 'done', { ok: true, n: 1 }], ['scf', 'done', { ok: true, n: 2 }]]);
    expect(seen.map((i) => [i.functionName, i.payload, i.accountId])).toEqual([['f', '{"n":1}', 'acct-main'], ['g', '{"n":2}', 'acct-main']]);
    expect(settled.every((i) => i.startedAt !== undefined && i.finishedAt !== undefined)).toBe(true);
  });

  it('marks an invocation whose function throws as failed, with the message', async () => {
    cloud.runInvocations(() => {
      throw new Error('the sweep broke');
    });
    await fcInvoke(cloud.url, FUNCTION_KEY, 'f', {}, 'Async');
    expect(await cloud.settleInvocations(5000)).toMatchObject([{ status: 'failed', error: 'the sweep broke' }]);
  });

  it('waits for the invocations the running ones make: one per account, each finishing its account', async () => {
    const accounts = ['acct-b', 'acct-c', 'acct-d'];
    cloud.runInvocations(async (invocation) => {
      const payload = payloadOf(invocation);
      if (payload.account === undefined) {
        // The parent dispatches one asynchronous invocation per account and finishes.
        const ids = [];
        for (const account of accounts) ids.push((await fcInvoke(cloud.url, FUNCTION_KEY, invocation.functionName, { action: 'sweep', account }, 'Async')).requestId);
        return { dispatched: ids };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { swept: payload.account };
    });
    const parent = await fcInvoke(cloud.url, FUNCTION_KEY, 'snapshot-replicator', { action: 'sweep' }, 'Async');
    const settled = await cloud.settleInvocations(10_000);
    expect(settled).toHaveLength(4);
    expect(settled.every((i) => i.status === 'done')).toBe(true);
    const [first, ...children] = settled as [InvocationRecord, ...InvocationRecord[]];
    expect(first.id).toBe(parent.requestId);
    expect(first.answer).toEqual({ dispatched: children.map((c) => c.id) });
    expect(children.map((c) => c.answer)).toEqual(accounts.map((account) => ({ swept: account })));
  });

  it('runs no more asynchronous invocations at once than the concurrency it is given', async () => {
    let running = 0;
    let most = 0;
    cloud.runInvocations(async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return null;
    }, { concurrency: 2 });
    for (let i = 0; i < 6; i += 1) await fcInvoke(cloud.url, FUNCTION_KEY, 'f', { i }, 'Async');
    expect(await cloud.settleInvocations(5000)).toHaveLength(6);
    expect(most).toBeLessThanOrEqual(2);
    expect(() => cloud.runInvocations(() => null, { concurrency: 0 })).toThrow(/concurrency must be a positive integer/);
  });

  it('forgets invocations at a reset and keeps the runner', async () => {
    cloud.runInvocations(() => 'ran');
    await fcInvoke(cloud.url, FUNCTION_KEY, 'f', {}, 'Async');
    await cloud.settleInvocations(5000);
    const admin = await fetch(`${cloud.url}/_admin/reset`, { method: 'POST', body: JSON.stringify(seed()) });
    expect(admin.status).toBe(200);
    expect(cloud.invocations()).toEqual([]);
    await fcInvoke(cloud.url, FUNCTION_KEY, 'f', {}, 'Async');
    expect(await cloud.settleInvocations(5000)).toMatchObject([{ status: 'done', answer: 'ran' }]);
  });
});

describe('synchronous invocations', () => {
  it('answers FC with the function\'s answer, and x-fc-error-type when it throws', async () => {
    cloud.runInvocations((invocation) => {
      if (payloadOf(invocation).fail) throw new Error('no such rule');
      return { ok: true };
    });
    expect(await fcInvoke(cloud.url, FUNCTION_KEY, 'f', {}, 'Sync')).toMatchObject({ statusCode: 200, body: '{"ok":true}' });
    const failed = await fcInvoke(cloud.url, FUNCTION_KEY, 'f', { fail: true }, 'Sync');
    expect(failed).toMatchObject({ statusCode: 200, errorType: 'UnhandledInvocationError' });
    expect(JSON.parse(failed.body)).toEqual({ errorMessage: 'no such rule', errorType: 'Error' });
    expect(cloud.invocations().map((i) => [i.async, i.status])).toEqual([[false, 'done'], [false, 'failed']]);
  });

  it('answers SCF with RetMsg, and ErrMsg when it throws', async () => {
    cloud.runInvocations((invocation) => {
      if (payloadOf(invocation).fail) throw new Error('no such rule');
      return { ok: true };
    });
    const ok = await scfClient(cloud.url, FUNCTION_TC).Invoke({ FunctionName: 'f', ClientContext: '{}' });
    expect(ok.Result).toMatchObject({ RetMsg: '{"ok":true}', ErrMsg: '', InvokeResult: 0 });
    const failed = await scfClient(cloud.url, FUNCTION_TC).Invoke({ FunctionName: 'f', InvocationType: 'RequestResponse', ClientContext: '{"fail":true}' });
    expect(failed.Result).toMatchObject({ RetMsg: '', ErrMsg: 'no such rule', InvokeResult: -1 });
  });

  it('finds no function to run without a runner', async () => {
    expect(await refusal(() => fcInvoke(cloud.url, FUNCTION_KEY, 'f', {}, 'Sync'))).toMatchObject({ code: 'FunctionNotFound' });
    expect(await refusal(() => scfClient(cloud.url, FUNCTION_TC).Invoke({ FunctionName: 'f' }))).toMatchObject({ code: 'ResourceNotFound.Function' });
    expect(cloud.invocations()).toEqual([]);
  });
});

describe('running the built bundle', () => {
  it('runs an asynchronous FC invocation through the ecs-replicator handler, which sweeps the account', async () => {
    useLocalCloud(cloud, POLICY);
    const handler = loadBundle('ecs-replicator');
    cloud.runInvocations(async (invocation) => (await captureLogs(() => handler(buffer(invocation.payload), fcContext()))).value);
    await fcInvoke(cloud.url, FUNCTION_KEY, 'snapshot-replicator', { action: 'sweep' }, 'Async');
    const [run] = await cloud.settleInvocations(20_000);
    expect(run).toMatchObject({ status: 'done', answer: { ok: true, trigger: 'manual' } });
    expect(cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId === 's-web1').map((s) => s.regionId)).toEqual(['cn-shanghai']);
  });
});
