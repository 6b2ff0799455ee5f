import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud, type Seed } from '../../local-cloud/index';
import { cloudEnv, credentialsSeed, hasEscapeCodes, KEYS, keyEnv, runCli, tempHome, writeFile } from './harness';

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
      snapshots: [
        { snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user', sourceDiskSize: 40 },
        { snapshotId: 's-copied1', regionId: 'cn-hangzhou', diskId: 'd-old', name: 'copy', status: 'accomplished', snapshotType: 'copied', sourceSnapshotId: 's-x', sourceRegion: 'cn-qingdao' },
      ],
    },
    cbs: {
      regions: ['ap-guangzhou', 'ap-beijing'],
      snapshots: [{ snapshotId: 'snap-orders01', region: 'ap-guangzhou', diskId: 'disk-orders1', name: 'orders', state: 'NORMAL', diskSize: 100 }],
    },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26'],
      disks: [{ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26' }],
      snapshots: [{ snapshotId: 'sp-edge1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge', status: 'available' }],
    },
  };
}

let cloud: LocalCloud;
let endpoints: Record<string, string | undefined>;
const main = tempHome();

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: seed() });
  endpoints = cloudEnv(cloud);
});
afterAll(async () => {
  await cloud.close();
  main.cleanup();
});
beforeEach(() => cloud.reset(seed()));

const ECS_COPY = ['copy', '--cloud', 'aliyun-ecs', '--snapshot', 's-web1', '--from', 'cn-hangzhou', '--to', 'cn-shanghai,cn-beijing', '--retention-days', '7'];

function copiesOf(sourceSnapshotId: string) {
  return cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId === sourceSnapshotId);
}

function cbsCopiesOf(sourceSnapshotId: string) {
  return cloud.state().cbs.snapshots.filter((s) => s.sourceSnapshotId === sourceSnapshotId);
}

interface AnswerJson {
  ok: boolean;
  trigger: string;
  results: Array<{ destinationRegion: string; outcome: string; copySnapshotId?: string; reason?: string }>;
}

describe('copy with credentials from the environment', () => {
  it('copies to every destination with the retention, and answers in the functions\' format', async () => {
    const run = await runCli([...ECS_COPY, '--json'], { ...endpoints, ...keyEnv() }, main.home);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as AnswerJson;
    expect(answer).toMatchObject({ ok: true, trigger: 'manual' });
    expect(answer.results.map((r) => `${r.destinationRegion}:${r.outcome}`).sort()).toEqual(['cn-beijing:copied', 'cn-shanghai:copied']);
    const copies = copiesOf('s-web1');
    expect(copies.map((c) => c.regionId).sort()).toEqual(['cn-beijing', 'cn-shanghai']);
    expect(copies.every((c) => c.retentionDays === 7)).toBe(true);
  });

  it('never makes a second copy: a repeat answers in-progress with the first copy', async () => {
    const env = { ...endpoints, ...keyEnv() };
    expect((await runCli(ECS_COPY, env, main.home)).code).toBe(0);
    const again = await runCli(ECS_COPY, env, main.home);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/cn-hangzhou → cn-shanghai\s+in-progress\s+s-/);
    expect(copiesOf('s-web1')).toHaveLength(2);
    expect(hasEscapeCodes(again)).toBe(false);
  });

  it('uses an STS key with its token', async () => {
    const env = { ...endpoints, ALIBABA_CLOUD_ACCESS_KEY_ID: KEYS.aliyunSts.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEYS.aliyunSts.accessKeySecret, ALIBABA_CLOUD_SECURITY_TOKEN: KEYS.aliyunSts.securityToken };
    const run = await runCli(ECS_COPY, env, main.home);
    expect(run.code).toBe(0);
    expect(copiesOf('s-web1')).toHaveLength(2);
  });

  it('answers a mistyped snapshot id as failed, "does not exist" (not deferred): exit 1, nothing copied', async () => {
    const run = await runCli(['copy', '--cloud', 'aliyun-ecs', '--snapshot', 's-wbe1', '--from', 'cn-hangzhou', '--to', 'cn-shanghai', '--json'], { ...endpoints, ...keyEnv() }, main.home);
    expect(run.code).toBe(1);
    const answer = JSON.parse(run.stdout) as AnswerJson & { results: Array<{ errorCode?: string }> };
    expect(answer.results).toEqual([
      expect.objectContaining({ destinationRegion: 'cn-shanghai', outcome: 'failed', errorCode: 'InvalidSnapshotId.NotFound', reason: 'snapshot s-wbe1 does not exist in cn-hangzhou' }),
    ]);
    expect(cloud.calls().filter((c) => c.action === 'CopySnapshot')).toEqual([]);
    const human = await runCli(['copy', '--cloud', 'tencent-cbs', '--snapshot', 'snap-ordres01', '--from', 'ap-guangzhou', '--to', 'ap-beijing'], { ...endpoints, ...keyEnv(), COLUMNS: '200' }, main.home);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('snapshot snap-ordres01 does not exist in ap-guangzhou');
    expect(human.stdout).not.toContain('not visible');
  });

  it('copies on CBS with the Tencent keys', async () => {
    const run = await runCli(['copy', '--cloud', 'tencent-cbs', '--snapshot', 'snap-orders01', '--from', 'ap-guangzhou', '--to', 'ap-beijing', '--retention-days', '30'], { ...endpoints, ...keyEnv() }, main.home);
    expect(run.code).toBe(0);
    expect(cbsCopiesOf('snap-orders01').map((c) => c.region)).toEqual(['ap-beijing']);
  });
});

describe('copy with credentials from the vendors\' CLI files', () => {
  it('reads the current AK profile of ~/.aliyun/config.json under HOME', async () => {
    const { home, cleanup } = tempHome();
    try {
      writeFile(join(home, '.aliyun', 'config.json'), {
        current: 'replicator',
        profiles: [
          { name: 'default', mode: 'AK', access_key_id: 'LTAIsomeoneelse', access_key_secret: 'wrong', region_id: 'cn-hangzhou' },
          { name: 'replicator', mode: 'AK', access_key_id: KEYS.aliyun.accessKeyId, access_key_secret: KEYS.aliyun.accessKeySecret, region_id: 'cn-hangzhou' },
        ],
      });
      const run = await runCli(ECS_COPY, endpoints, home);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('credentials: ~/.aliyun/config.json (profile replicator)');
      expect(copiesOf('s-web1')).toHaveLength(2);
    } finally {
      cleanup();
    }
  });

  it('reads a StsToken profile named by ALIBABA_CLOUD_PROFILE', async () => {
    const { home, cleanup } = tempHome();
    try {
      writeFile(join(home, '.aliyun', 'config.json'), {
        current: 'default',
        profiles: [
          { name: 'default', mode: 'AK', access_key_id: 'LTAIsomeoneelse', access_key_secret: 'wrong' },
          { name: 'sts', mode: 'StsToken', access_key_id: KEYS.aliyunSts.accessKeyId, access_key_secret: KEYS.aliyunSts.accessKeySecret, sts_token: KEYS.aliyunSts.securityToken },
        ],
      });
      const run = await runCli(ECS_COPY, { ...endpoints, ALIBABA_CLOUD_PROFILE: 'sts' }, home);
      expect(run.code).toBe(0);
      expect(copiesOf('s-web1')).toHaveLength(2);
    } finally {
      cleanup();
    }
  });

  it('refuses a profile mode it cannot read, naming the field (exit 2)', async () => {
    const { home, cleanup } = tempHome();
    try {
      writeFile(join(home, '.aliyun', 'config.json'), { current: 'sso', profiles: [{ name: 'sso', mode: 'CloudSSO' }] });
      const run = await runCli(ECS_COPY, endpoints, home);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('~/.aliyun/config.json profiles[0].mode is "CloudSSO"');
      expect(cloud.calls()).toEqual([]);
    } finally {
      cleanup();
    }
  });

  it('reads ~/.tccli/default.credential for CBS', async () => {
    const { home, cleanup } = tempHome();
    try {
      writeFile(join(home, '.tccli', 'default.credential'), { secretId: KEYS.tencent.secretId, secretKey: KEYS.tencent.secretKey });
      const run = await runCli(['copy', '--cloud', 'tencent-cbs', '--snapshot', 'snap-orders01', '--from', 'ap-guangzhou', '--to', 'ap-beijing'], endpoints, home);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('credentials: ~/.tccli/default.credential');
      expect(cbsCopiesOf('snap-orders01')).toHaveLength(1);
    } finally {
      cleanup();
    }
  });

  it('prefers the environment over the files', async () => {
    const { home, cleanup } = tempHome();
    try {
      writeFile(join(home, '.aliyun', 'config.json'), { current: 'default', profiles: [{ name: 'default', mode: 'AK', access_key_id: 'LTAIsomeoneelse', access_key_secret: 'wrong' }] });
      const run = await runCli(ECS_COPY, { ...endpoints, ...keyEnv() }, home);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('credentials: environment (ALIBABA_CLOUD_ACCESS_KEY_ID)');
    } finally {
      cleanup();
    }
  });
});

describe('copy refuses', () => {
  it('without any credentials: exit 2, saying where it looked', async () => {
    const run = await runCli(ECS_COPY, endpoints, main.home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no Alibaba Cloud credentials found');
    expect(cloud.calls()).toEqual([]);
  });

  it('bad parameters with the option at fault, before any call (exit 2)', async () => {
    const run = await runCli(['copy', '--cloud', 'aliyun-ecs', '--snapshot', 'snap-1', '--from', 'cn-hangzhou', '--to', 'cn-hangzhou', '--retention-days', '0'], { ...endpoints, ...keyEnv() }, main.home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--snapshot (snapshotId)');
    expect(run.stderr).toContain('--retention-days (destinations[0].retentionDays) must be an integer from 1 to 65536');
    expect(cloud.calls()).toEqual([]);
  });

  it('a wrong secret as a cloud error (exit 3), the secret never echoed', async () => {
    const run = await runCli(ECS_COPY, { ...endpoints, ...keyEnv(), ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'a-wrong-secret-value' }, main.home);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('SignatureDoesNotMatch');
    expect(run.stderr + run.stdout).not.toContain('a-wrong-secret-value');
    expect(copiesOf('s-web1')).toEqual([]);
  });

  it('to copy a copy: answered skipped, exit 1', async () => {
    const run = await runCli(['copy', '--cloud', 'aliyun-ecs', '--snapshot', 's-copied1', '--from', 'cn-hangzhou', '--to', 'cn-beijing', '--json'], { ...endpoints, ...keyEnv() }, main.home);
    expect(run.code).toBe(1);
    const answer = JSON.parse(run.stdout) as AnswerJson;
    expect(answer.results).toEqual([expect.objectContaining({ outcome: 'skipped', reason: 'is a copy (never a source)' })]);
    expect(copiesOf('s-copied1')).toEqual([]);
  });
});

describe('copy on ENS', () => {
  const ENS_COPY = ['copy', '--cloud', 'aliyun-ens', '--snapshot', 'sp-edge1', '--from', 'cn-hangzhou-26', '--to', 'cn-chengdu-26'];

  it('says what it risks beside the ENS function (no idempotency token), on stderr and in the JSON answer', async () => {
    const human = await runCli(ENS_COPY, { ...endpoints, ...keyEnv() }, main.home);
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(/ENS copies carry no idempotency token/);
    expect(cloud.state().ens.snapshots.filter((s) => s.sourceSnapshotId === 'sp-edge1')).toHaveLength(1);
    cloud.reset(seed());
    const json = await runCli([...ENS_COPY, '--json'], { ...endpoints, ...keyEnv() }, main.home);
    const answer = JSON.parse(json.stdout) as AnswerJson & { warnings?: string[] };
    expect(answer.ok).toBe(true);
    expect(answer.warnings?.[0]).toMatch(/no idempotency token/);
  });
});
