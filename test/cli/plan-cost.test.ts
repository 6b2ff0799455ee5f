/**
 * `plan --cost`: the figures are computed here again, independently, from the seed's sizes, the
 * policy's retention and the price file (data/prices.json, or a --prices file), and must match.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Seed } from '../../local-cloud/index';
import { credentialsSeed, hoursAgo, ROOT, runCli, writeFile } from './harness';
import type { CostEstimate } from '../../cli/plan-cost';
import { cliCloudPerFile } from './cli-cloud-per-file';

const POLICY = {
  rules: [
    { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai', retentionDays: 30 }, { region: 'cn-beijing', retentionDays: 7 }] },
    { name: 'hk-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'hk' } }, destinations: [{ region: 'cn-hongkong' }] },
    { name: 'orders-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 30 }] },
  ],
};

const src = (snapshotId: string, diskId: string, gb: number, hours: number, tag = 'dr') => ({
  snapshotId, regionId: 'cn-hangzhou', diskId, name: snapshotId, status: 'accomplished', snapshotType: 'timer', tags: { backup: tag }, sourceDiskSize: gb, creationTime: hoursAgo(hours),
});
const copyOf = (snapshotId: string, region: string, of: string, diskId: string, gb: number, hours: number) => ({
  snapshotId, regionId: region, diskId, name: `srep:prod-dr:${of}:cn-hangzhou`, status: 'accomplished', snapshotType: 'copied', sourceSnapshotId: of, sourceRegion: 'cn-hangzhou', sourceDiskSize: gb, creationTime: hoursAgo(hours),
});

/**
 * d-db (200 GB): never copied: first copies to cn-shanghai and cn-beijing.
 * d-web (40 GB): s-web1 already copied to both; s-web2 is new: later copies to both.
 * d-hk (10 GB): first copy to cn-hongkong (no retention: kept the whole month).
 * CBS disk-orders1 (100 GB): first copy to ap-beijing.
 */
function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-hongkong'],
      snapshots: [
        src('s-db1', 'd-db', 200, 2),
        src('s-web1', 'd-web', 40, 30),
        copyOf('s-webcopy1', 'cn-shanghai', 's-web1', 'd-web', 40, 29),
        copyOf('s-webcopy2', 'cn-beijing', 's-web1', 'd-web', 40, 29),
        src('s-web2', 'd-web', 40, 1),
        src('s-hk1', 'd-hk', 10, 1, 'hk'),
      ],
    },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing'], snapshots: [{ snapshotId: 'snap-orders01', region: 'ap-guangzhou', diskId: 'disk-orders1', name: 'orders', state: 'NORMAL', diskSize: 100 }] },
  };
}

/** The copies the seed makes due, as the comment above says: cloud, from, to, size, retention, and whether the destination holds the disk already. */
const DUE = [
  { cloud: 'aliyun-ecs', from: 'cn-hangzhou', to: 'cn-shanghai', gb: 200, retention: 30, later: false },
  { cloud: 'aliyun-ecs', from: 'cn-hangzhou', to: 'cn-beijing', gb: 200, retention: 7, later: false },
  { cloud: 'aliyun-ecs', from: 'cn-hangzhou', to: 'cn-shanghai', gb: 40, retention: 30, later: true },
  { cloud: 'aliyun-ecs', from: 'cn-hangzhou', to: 'cn-beijing', gb: 40, retention: 7, later: true },
  { cloud: 'aliyun-ecs', from: 'cn-hangzhou', to: 'cn-hongkong', gb: 10, retention: undefined, later: false },
  { cloud: 'tencent-cbs', from: 'ap-guangzhou', to: 'ap-beijing', gb: 100, retention: 30, later: false },
] as const;

interface PriceFile {
  currency: string;
  clouds: Record<string, { transfer: Array<{ from: string; to: string; perGB: number | null }>; storage: Array<{ region: string; perGBMonth: number | null }> }>;
}

/** The file's rule, written out again: the first entry whose patterns match; `*` is any run. */
function like(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const [head = '', ...rest] = pattern.split('*');
  const tail = rest.pop() ?? '';
  if (!value.startsWith(head) || !value.endsWith(tail) || value.length < head.length + tail.length) return false;
  let at = head.length;
  for (const middle of rest) {
    const found = value.indexOf(middle, at);
    if (found < 0 || found + middle.length > value.length - tail.length) return false;
    at = found + middle.length;
  }
  return true;
}

function expected(prices: PriceFile) {
  let transferGB = 0, transferCost = 0, storageGBMonth = 0, storageCost = 0, notPricedTransfer = 0, notPricedStorage = 0, firstGB = 0, laterGB = 0;
  for (const d of DUE) {
    const table = prices.clouds[d.cloud];
    const t = table?.transfer.find((p) => like(p.from, d.from) && like(p.to, d.to))?.perGB ?? null;
    const s = table?.storage.find((p) => like(p.region, d.to))?.perGBMonth ?? null;
    const months = Math.min(d.retention ?? 30, 30) / 30;
    transferGB += d.gb;
    storageGBMonth += d.gb * months;
    if (d.later) laterGB += d.gb;
    else firstGB += d.gb;
    if (t === null) notPricedTransfer += d.gb;
    else transferCost += d.gb * t;
    if (s === null) notPricedStorage += d.gb * months;
    else storageCost += d.gb * months * s;
  }
  return { transferGB, transferCost, storageGBMonth, storageCost, notPricedTransfer, notPricedStorage, firstGB, laterGB };
}

/** What `--json` prints under `cost`: the command's own type, read from its output. */
type CostJson = CostEstimate;

const { cloud, env, home } = cliCloudPerFile(seed, { resetEachTest: false });
const policyFile = writeFile(join(home, 'policy.json'), POLICY);


async function planCost(extra: string[] = []): Promise<{ code: number | null; cost: CostJson; items: Array<{ action: string; sourceSnapshotId: string; destinationRegion: string }> }> {
  const run = await runCli(['plan', '--policy', policyFile, '--cost', '--json', ...extra], env, home);
  const json = JSON.parse(run.stdout) as { cost: CostJson; items: Array<{ action: string; sourceSnapshotId: string; destinationRegion: string }> };
  return { code: run.code, ...json };
}

function expectFigures(cost: CostJson, want: ReturnType<typeof expected>, currency: string): void {
  expect(cost.currency).toBe(currency);
  expect(cost.transferGB).toBeCloseTo(want.transferGB, 3);
  expect(cost.transferCost).toBeCloseTo(want.transferCost, 3);
  expect(cost.storageGBMonth).toBeCloseTo(want.storageGBMonth, 3);
  expect(cost.storageCostMonthly).toBeCloseTo(want.storageCost, 3);
  expect(cost.notPriced.transferGB).toBeCloseTo(want.notPricedTransfer, 3);
  expect(cost.notPriced.storageGBMonth).toBeCloseTo(want.notPricedStorage, 3);
}

describe('plan --cost', () => {
  it('plans the copies the figures below assume (the seed is what the test thinks it is)', async () => {
    const { code, items } = await planCost();
    expect(code).toBe(0);
    const would = items.filter((i) => i.action === 'would-copy').map((i) => `${i.sourceSnapshotId}>${i.destinationRegion}`).sort();
    expect(would).toEqual(['s-db1>cn-beijing', 's-db1>cn-shanghai', 's-hk1>cn-hongkong', 's-web2>cn-beijing', 's-web2>cn-shanghai', 'snap-orders01>ap-beijing']);
  });

  it('gives the transfer and the monthly storage, and their cost, as the built-in price file and the seed\'s sizes make them', async () => {
    const prices = JSON.parse(readFileSync(join(ROOT, 'data', 'prices.json'), 'utf8')) as PriceFile;
    const want = expected(prices);
    const { cost } = await planCost();
    expectFigures(cost, want, prices.currency);
    // The independent sum covers every copy due: 200 + 200 + 40 + 40 + 10 + 100 GB.
    expect(want.transferGB).toBe(590);
    expect(cost.prices.origin).toBe('data/prices.json (built in)');
    expect(cost.prices.used.every((p) => /^https:\/\//.test(p.page) && /^\d{4}-\d{2}-\d{2}$/.test(p.read))).toBe(true);
  });

  it('tells first copies from later ones (which send only the change) and says the figure is an upper bound', async () => {
    const { cost } = await planCost();
    expect(cost.firstCopies).toEqual({ count: 4, transferGB: 510 });
    expect(cost.laterCopies).toEqual({ count: 2, transferGB: 80 });
    expect(cost.upperBound).toBe(true);
    expect(cost.why.join(' ')).toMatch(/2 later copies .* counted at full size/);
  });

  it('--prices FILE replaces the table: the first matching entry wins, per source and destination region', async () => {
    const mine: PriceFile & { clouds: Record<string, unknown> } = {
      currency: 'USD',
      clouds: {
        'aliyun-ecs': {
          transfer: [
            { from: 'cn-hangzhou', to: 'cn-beijing', perGB: 0.03, page: 'https://example.com/contract', read: '2026-11-01' },
            { from: '*', to: '*', perGB: 0.07, page: 'https://example.com/contract', read: '2026-11-01' },
          ],
          storage: [{ region: '*', perGBMonth: 0.017, page: 'https://example.com/contract', read: '2026-11-01' }],
        },
        'tencent-cbs': {
          transfer: [{ from: 'ap-*', to: 'ap-*', perGB: 0.05, page: 'https://example.com/contract', read: '2026-11-01' }],
          storage: [{ region: 'ap-beijing', perGBMonth: null, page: 'https://example.com/contract', read: '2026-11-01' }],
        },
      },
    } as never;
    const file = writeFile(join(home, 'my-prices.json'), mine);
    const { cost } = await planCost(['--prices', file]);
    const want = expected(mine);
    expectFigures(cost, want, 'USD');
    expect(want.transferCost).toBeCloseTo(240 * 0.03 + 250 * 0.07 + 100 * 0.05, 9);
    expect(cost.prices.origin).toBe(file);
  });

  it('prints the estimate for people, saying what is not priced and that it is an upper bound', async () => {
    const run = await runCli(['plan', '--policy', policyFile, '--cost'], { ...env, COLUMNS: '100' }, home);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Cost estimate (CNY; prices: data/prices.json (built in)):');
    expect(run.stdout).toMatch(/transfer, once: 590 GB, 240\.00 CNY/);
    expect(run.stdout).toContain('an upper bound');
    expect(run.stdout).toMatch(/not priced .*110 GB of transfer/);
  });

  it('refuses a price file with a bad entry before any API call, naming the entry', async () => {
    const bad = writeFile(join(home, 'bad-prices.json'), { currency: 'CNY', clouds: { 'aliyun-ecs': { transfer: [{ from: '*', to: '*', perGB: -1, page: 'https://example.com', read: 'yesterday' }], storage: [] } } });
    cloud.clearCalls();
    const run = await runCli(['plan', '--policy', policyFile, '--prices', bad, '--json'], env, home);
    expect(run.code).toBe(2);
    const fields = (JSON.parse(run.stdout) as { error: { problems: Array<{ field: string }> } }).error.problems.map((p) => p.field);
    expect(fields).toEqual([`${bad}: clouds.aliyun-ecs.transfer[0].perGB`, `${bad}: clouds.aliyun-ecs.transfer[0].read`]);
    expect(cloud.calls()).toEqual([]);
  });

  it('leaves plan as it was without --cost', async () => {
    const run = await runCli(['plan', '--policy', policyFile, '--json'], env, home);
    expect('cost' in (JSON.parse(run.stdout) as object)).toBe(false);
  });
});
