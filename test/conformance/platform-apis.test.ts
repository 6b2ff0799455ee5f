/**
 * The local cloud's platform APIs against the official models: Alibaba STS AssumeRole (2015-04-01),
 * Tencent STS AssumeRole (2018-08-13) and SCF Invoke (2018-04-16), driven through the real SDKs and a
 * relay that keeps every answer as sent. Every answer, successes and refusals, must fit the official
 * response model (or its family's error envelope), and every request the official request model.
 * (FC 3.0 InvokeFunction answers a raw body and headers, not a modelled JSON answer: test/local-cloud
 * covers it.)
 */
import { describe, expect, it } from 'vitest';
import { startLocalCloud, type CallRecord, type Seed } from '../../local-cloud/index';
import { aliyunAssumeRole, refusal, scfClient, stsClient } from '../local-cloud/platform-clients';
import { answerProblems, requestProblems } from './conformance-checks';
import { isOracleService, LOCAL_CLOUD_ACTIONS } from './official-models';
import { startAnswerRelay, type WireAnswer } from './wire-recorder';

const ALIYUN = { accessKeyId: 'STS.conformance', accessKeySecret: 'conformance-secret-0001', securityToken: 'conformance+token/0001=' };
const TENCENT = { secretId: 'AKIDconformance', secretKey: 'conformance-secret-0002', sessionToken: 'conformance-session-0001' };
const ALIYUN_ROLE = 'acs:ram::1000000000000002:role/replicator';
const TENCENT_ROLE = 'qcs::cam::uin/100000000002:roleName/replicator';

function seed(extra: Partial<Seed> = {}): Seed {
  return {
    credentials: { aliyun: [ALIYUN], tencent: [TENCENT] },
    accounts: { 'acct-b': {} },
    roles: [
      { arn: ALIYUN_ROLE, accountId: 'acct-b', trustedAccessKeyIds: [ALIYUN.accessKeyId] },
      { arn: TENCENT_ROLE, accountId: 'acct-b', trustedAccessKeyIds: [TENCENT.secretId] },
    ],
    ...extra,
  };
}

interface Run {
  answers: WireAnswer[];
  calls: CallRecord[];
}

async function run(seedOf: Seed): Promise<Run> {
  const cloud = await startLocalCloud({ seed: seedOf, runner: () => ({ ok: true }) });
  const relay = await startAnswerRelay(cloud.url);
  try {
    const url = relay.url;
    await aliyunAssumeRole(url, ALIYUN, { RoleArn: ALIYUN_ROLE, RoleSessionName: 'conformance', DurationSeconds: 900, Policy: '{"Version":"1","Statement":[]}', ExternalId: 'abcd1234' });
    await refusal(() => aliyunAssumeRole(url, ALIYUN, { RoleArn: 'acs:ram::1000000000000002:role/nobody', RoleSessionName: 'conformance' }));
    await stsClient(url, TENCENT).AssumeRole({ RoleArn: TENCENT_ROLE, RoleSessionName: 'conformance', DurationSeconds: 1800 });
    await refusal(() => stsClient(url, TENCENT).AssumeRole({ RoleArn: TENCENT_ROLE, RoleSessionName: 'conformance', DurationSeconds: 50_000 }));
    await scfClient(url, TENCENT).Invoke({ FunctionName: 'snapshot-replicator', InvocationType: 'Event', ClientContext: '{"action":"sweep"}', Namespace: 'default', Qualifier: '$LATEST' });
    await scfClient(url, TENCENT).Invoke({ FunctionName: 'snapshot-replicator', InvocationType: 'RequestResponse', ClientContext: '{"action":"sweep"}' });
    await refusal(() => scfClient(url, TENCENT).Invoke({ FunctionName: '' }));
    await cloud.settleInvocations(5000);
    return { answers: [...relay.answers], calls: cloud.calls() };
  } finally {
    await relay.close();
    await cloud.close();
  }
}

function answerLines(result: Run): string[] {
  return result.answers.flatMap((a) => answerProblems(a.service, a.action, a.body).map((p) => `${a.service} ${a.action} ${p.path} ${p.kind}`)).sort();
}

function requestLines(result: Run): string[] {
  return result.calls.flatMap(({ service, action, params }) => {
    if (!isOracleService(service)) return [`${service} ${action} has no official model`];
    return requestProblems(service, action, params).map((p) => `${service} ${action} ${p.path} ${p.kind}`);
  }).sort();
}

function isError(answer: WireAnswer): boolean {
  const body = answer.body as { Code?: unknown; Response?: { Error?: unknown } };
  return typeof body?.Code === 'string' || body?.Response?.Error !== undefined;
}

describe('the local cloud\'s platform APIs, driven by the real SDKs', () => {
  it('answers every call in the official response shape, and received only the official request parameters', async () => {
    const result = await run(seed());
    for (const service of ['aliyun-sts', 'tencent-sts', 'scf'] as const) {
      const answered = new Set(result.answers.filter((a) => a.service === service && !isError(a)).map((a) => a.action));
      expect([...answered], service).toEqual([...LOCAL_CLOUD_ACTIONS[service]]);
      expect(result.answers.some((a) => a.service === service && isError(a)), `${service} error answer`).toBe(true);
    }
    expect(result.answers).toHaveLength(7);
    expect(answerLines(result)).toEqual([]);
    expect(requestLines(result)).toEqual([]);
  });

  it('notices an answer field renamed away from the official shape', async () => {
    const result = await run(seed({
      renameAnswerFields: {
        'aliyun-sts.AssumeRole': { 'Credentials.SecurityToken': 'Token' },
        'tencent-sts.AssumeRole': { ExpiredTime: 'ExpireTime' },
      },
    }));
    expect(answerLines(result)).toEqual(['aliyun-sts AssumeRole Credentials.Token unknown-field', 'tencent-sts AssumeRole ExpireTime unknown-field']);
  });
});
