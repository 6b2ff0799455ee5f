import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { credentialsSeed, hasEscapeCodes, KEYS, keyEnv, runCli, tempHome, writeFile } from './harness';
import { startInvokeStandIn, type InvokeStandIn } from './stand-ins/invoke-stand-in';

let standIn: InvokeStandIn;
const { home, cleanup } = tempHome();

beforeAll(async () => {
  const keys = credentialsSeed();
  standIn = await startInvokeStandIn({ aliyun: keys.aliyun ?? [], tencent: keys.tencent ?? [] });
});
afterAll(async () => {
  await standIn.close();
  cleanup();
});

const ANSWER = { ok: true, trigger: 'manual', results: [{ sourceSnapshotId: 's-1', sourceRegion: 'cn-hangzhou', destinationRegion: 'cn-shanghai', outcome: 'copied', copySnapshotId: 's-9' }] };
beforeEach(() => standIn.answerWith({ body: ANSWER }));

const SWEEP = '{"action":"sweep","dryRun":true}';

function target(platform: 'fc3' | 'fc2' | 'scf'): string[] {
  const common = ['invoke', '--platform', platform, '--endpoint', standIn.url];
  if (platform === 'fc3') return [...common, '--function', 'ecs-replicator', '--region', 'cn-hangzhou', '--account-id', '1234567890123456'];
  if (platform === 'fc2') return [...common, '--service', 'snapshot-replicator', '--function', 'ecs-replicator', '--region', 'cn-hangzhou', '--account-id', '1234567890123456'];
  return [...common, '--function', 'snapshot-replicator-cbs', '--region', 'ap-guangzhou'];
}

const WRONG_SECRET: Record<string, Record<string, string>> = {
  fc3: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'wrong-secret-000' },
  fc2: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'wrong-secret-000' },
  scf: { TENCENTCLOUD_SECRETKEY: 'wrong-secret-000' },
};

const REFUSED_AS: Record<string, string> = { fc3: 'SignatureDoesNotMatch', fc2: 'SignatureNotMatch', scf: 'AuthFailure.SignatureFailure' };

describe.each(['fc3', 'fc2', 'scf'] as const)('invoke --platform %s', (platform) => {
  it('sync: sends the payload, prints the function\'s answer', async () => {
    const before = standIn.invocations().length;
    const run = await runCli([...target(platform), '--payload', SWEEP], keyEnv(), home);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(ANSWER);
    expect(hasEscapeCodes(run)).toBe(false);
    const call = standIn.invocations().slice(before);
    expect(call).toEqual([expect.objectContaining({ platform, async: false, payload: { action: 'sweep', dryRun: true } })]);
    expect(call[0]?.functionName).toBe(platform === 'scf' ? 'snapshot-replicator-cbs' : 'ecs-replicator');
    if (platform === 'fc2') expect(call[0]?.service).toBe('snapshot-replicator');
    if (platform === 'scf') expect(call[0]?.namespace).toBe('default');
  });

  it('async: prints the request id, and the payload from a file arrives', async () => {
    const file = writeFile(join(home, `copy-${platform}.json`), { action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-bp1prodweb001', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] });
    const before = standIn.invocations().length;
    const run = await runCli([...target(platform), '--async', '--payload', `@${file}`, '--json'], keyEnv(), home);
    expect(run.code).toBe(0);
    const outcome = JSON.parse(run.stdout) as { ok: boolean; async: boolean; requestId?: string; answer?: unknown };
    expect(outcome).toMatchObject({ ok: true, async: true });
    expect(outcome.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome.answer).toBeUndefined();
    expect(standIn.invocations().slice(before)).toEqual([expect.objectContaining({ platform, async: true, payload: expect.objectContaining({ action: 'copy', snapshotId: 's-bp1prodweb001' }) })]);
  });

  it('a wrong secret is refused by the endpoint: exit 3, nothing invoked', async () => {
    const before = standIn.invocations().length;
    const run = await runCli(target(platform), { ...keyEnv(), ...WRONG_SECRET[platform] }, home);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(REFUSED_AS[platform]);
    expect(run.stderr).not.toContain('wrong-secret-000');
    expect(standIn.invocations()).toHaveLength(before);
    expect(standIn.refusals().at(-1)).toEqual({ platform, code: REFUSED_AS[platform] });
  });

  it('a function that failed answers exit 1, its answer printed', async () => {
    standIn.answerWith({ body: { errorMessage: 'boom', errorType: 'Error' }, functionError: 'UnhandledInvocationError' });
    const run = await runCli([...target(platform), '--json'], keyEnv(), home);
    expect(run.code).toBe(1);
    const outcome = JSON.parse(run.stdout) as { ok: boolean; functionError?: string; answer?: unknown };
    expect(outcome.ok).toBe(false);
    expect(outcome.functionError).toBe('UnhandledInvocationError');
    expect(outcome.answer).toEqual({ errorMessage: 'boom', errorType: 'Error' });
  });
});

describe('invoke', () => {
  it('answers exit 1 when the function answers ok: false', async () => {
    standIn.answerWith({ body: { ok: false, results: [], error: { code: 'InvalidPolicy', message: 'rules[0].name is required' } } });
    const run = await runCli(target('fc3'), keyEnv(), home);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('InvalidPolicy');
  });

  it('signs with an STS key and its token (fc3 and fc2)', async () => {
    const sts = { ALIBABA_CLOUD_ACCESS_KEY_ID: KEYS.aliyunSts.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEYS.aliyunSts.accessKeySecret, ALIBABA_CLOUD_SECURITY_TOKEN: KEYS.aliyunSts.securityToken };
    for (const platform of ['fc3', 'fc2'] as const) {
      const run = await runCli(target(platform), sts, home);
      expect(run.code).toBe(0);
      expect(standIn.invocations().at(-1)).toMatchObject({ platform, keyId: KEYS.aliyunSts.accessKeyId });
    }
  });

  it('sends a qualifier where each platform takes it (a signed query on fc3, the service path on fc2)', async () => {
    for (const platform of ['fc3', 'fc2', 'scf'] as const) {
      const run = await runCli([...target(platform), '--qualifier', 'prod'], keyEnv(), home);
      expect(run.code).toBe(0);
      expect(standIn.invocations().at(-1)).toMatchObject({ platform, qualifier: 'prod' });
    }
  });

  it('checks the payload with the function\'s own parser first: exit 2, nothing sent', async () => {
    const before = standIn.invocations().length;
    const run = await runCli([...target('scf'), '--payload', '{"action":"copy","cloud":"tencent-cbs","snapshotId":"s-1","sourceRegion":"ap-guangzhou","destinations":[]}'], keyEnv(), home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('payload.snapshotId');
    expect(run.stderr).toContain('payload.destinations');
    const notJson = await runCli([...target('fc3'), '--payload', '{action: sweep}'], keyEnv(), home);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain("--payload must be valid JSON: Expected property name or '}' at line 1, column 2");
    expect(standIn.invocations()).toHaveLength(before);
  });

  it('needs --service for fc2 and an account id for FC: exit 2', async () => {
    const noService = await runCli(['invoke', '--platform', 'fc2', '--function', 'f', '--region', 'cn-hangzhou', '--account-id', '1'], keyEnv(), home);
    expect(noService.code).toBe(2);
    expect(noService.stderr).toContain('--service is required for --platform fc2');
    const noAccount = await runCli(['invoke', '--platform', 'fc3', '--function', 'f', '--region', 'cn-hangzhou'], keyEnv(), home);
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr).toContain('--account-id is required');
  });

  it('takes the region of the aliyun CLI profile when none is given', async () => {
    const profileHome = tempHome();
    try {
      writeFile(join(profileHome.home, '.aliyun', 'config.json'), {
        current: 'default',
        profiles: [{ name: 'default', mode: 'AK', access_key_id: KEYS.aliyun.accessKeyId, access_key_secret: KEYS.aliyun.accessKeySecret, region_id: 'cn-shenzhen' }],
      });
      const run = await runCli(['invoke', '--platform', 'fc3', '--function', 'ecs-replicator', '--account-id', '1', '--endpoint', standIn.url], {}, profileHome.home);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('credentials: ~/.aliyun/config.json (profile default)');
    } finally {
      profileHome.cleanup();
    }
  });
});
