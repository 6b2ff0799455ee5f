/**
 * Human output fits the width it is given (80 columns when piped, COLUMNS or the terminal's width
 * otherwise) and loses nothing on the way: every id, name and count is still there, whole.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SEED, startLocalCloud, type LocalCloud } from '../../local-cloud/index';
import { displayWidth, renderTable, wrapCell } from '../../cli/render-table';
import { spawnGuarded } from '../support/guarded-child';
import { childEnv, cloudEnv, ROOT, runCli, tempHome, writeFile } from './harness';
import { hasScript, startOnTerminal } from './terminal';

const { home, cleanup } = tempHome();
const aliyun = EXAMPLE_SEED.credentials?.aliyun?.[0];
const tencent = EXAMPLE_SEED.credentials?.tencent?.[0];

/** The demo's policy: one rule per service, with long edge node names and every kind of chore. */
const policy = writeFile(join(home, 'policy.json'), {
  rules: [
    { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai', retentionDays: 30 }, { region: 'cn-beijing', retentionDays: 7 }] },
    { name: 'edge-fanout', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 14 }, { region: 'cn-shenzhen-3', retentionDays: 14 }], createSnapshots: { diskIds: ['d-edge0001'], intervalHours: 6 } },
    { name: 'orders-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 30 }] },
  ],
});

let cloud: LocalCloud;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: EXAMPLE_SEED });
  env = {
    ...cloudEnv(cloud),
    ALIBABA_CLOUD_ACCESS_KEY_ID: aliyun?.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: aliyun?.accessKeySecret,
    TENCENTCLOUD_SECRETID: tencent?.secretId,
    TENCENTCLOUD_SECRETKEY: tencent?.secretKey,
  };
  // One copy made and one on its way, so that status shows every kind of cell.
  const copy = await runCli(['copy', '--cloud', 'aliyun-ecs', '--snapshot', 's-bp1prodweb001', '--from', 'cn-hangzhou', '--to', 'cn-shanghai'], env, home);
  expect(copy.code).toBe(0);
  cloud.advance(600);
  expect((await runCli(['copy', '--cloud', 'aliyun-ecs', '--snapshot', 's-bp1proddb0001', '--from', 'cn-hangzhou', '--to', 'cn-beijing'], env, home)).code).toBe(0);
});
afterAll(async () => {
  await cloud.close();
  cleanup();
});

function widest(text: string): number {
  return Math.max(...text.split('\n').map(displayWidth));
}

/** Every snapshot id of the seed and every copy made appears whole in `text`. */
function idsIn(text: string): string[] {
  const ids = [...cloud.state().ecs.snapshots, ...cloud.state().ens.snapshots, ...cloud.state().cbs.snapshots].map((s) => s.snapshotId);
  return ids.filter((id) => new RegExp(`(^|[^\\w-])${id}([^\\w-]|$)`).test(text));
}

describe('plan, status and copy', () => {
  it.each([80, 100, 132])('fit %i columns', async (columns) => {
    for (const args of [['plan', '--policy', policy], ['status', '--policy', policy]]) {
      const run = await runCli(args, { ...env, COLUMNS: String(columns) }, home);
      expect(run.code).toBe(0);
      expect(widest(run.stdout)).toBeLessThanOrEqual(columns);
    }
  });

  it('keep every id and count whole at 80 columns', async () => {
    const plan = await runCli(['plan', '--policy', policy], env, home);
    const wide = await runCli(['plan', '--policy', policy], { ...env, COLUMNS: '400' }, home);
    expect(widest(wide.stdout)).toBeGreaterThan(80);
    expect(idsIn(plan.stdout).sort()).toEqual(idsIn(wide.stdout).sort());
    expect(idsIn(plan.stdout)).toEqual(expect.arrayContaining(['s-bp1prodweb001', 's-bp1proddb0001', 'sp-edge00000001', 'snap-gzdb0001']));
    // Each group's counts, as records when the table cannot fit.
    expect(plan.stdout).toContain('rule: prod-dr  destination: cn-beijing  would copy: 1  exists: 0  in progress: 1\n  deferred: 0  skipped: 0  failed: 0  to transfer: 40 GB');
    expect(plan.stdout).toContain('Total: ');
    const status = await runCli(['status', '--policy', policy], env, home);
    expect(status.stdout).toMatch(/rule: prod-dr {2}disk: d-bp1web01 {2}from → to: cn-hangzhou → cn-shanghai\n {2}newest copy: s-lc0+1 /);
    const copy = await runCli(['copy', '--cloud', 'aliyun-ens', '--snapshot', 'sp-edge00000001', '--from', 'cn-hangzhou-26', '--to', 'cn-chengdu-26,cn-shenzhen-3'], env, home);
    expect(widest(copy.stdout)).toBeLessThanOrEqual(80);
    expect(copy.stdout).toMatch(/sp-edge00000001 +cn-hangzhou-26 → cn-chengdu-26 +copied +sp-lc\d+\n/);
  });
});

describe.skipIf(!hasScript() && process.env.CI === undefined)('on a terminal', () => {
  /** What the command printed once its progress bar was cleared, without escape sequences. */
  function printed(screen: string): string {
    // eslint-disable-next-line no-control-regex
    return screen.slice(screen.lastIndexOf('\u001b[2K') + 4).replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[78]/g, '').replace(/\r/g, '');
  }

  it.each([60, 140])('status fits a terminal %i columns wide', async (columns) => {
    const run = startOnTerminal(['status', '--policy', policy], env, home, { columns, rows: 40 });
    const { code, stdout: screen } = await run.done;
    expect(code).toBe(0);
    const text = printed(screen);
    expect(text).toContain('disk and destination pairs');
    expect(widest(text), text).toBeLessThanOrEqual(columns);
    // Wide enough for the table, narrow enough for records.
    expect(text.includes('from → to: ')).toBe(columns < 100);
  });
});

describe('the demo (npm start)', () => {
  it('fits 80 columns', async () => {
    const run = await spawnGuarded(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'demo.ts')], { cwd: ROOT, env: childEnv({}, home) }).done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Copies now in the local cloud');
    expect(widest(run.stdout)).toBeLessThanOrEqual(80);
  });
});

describe('renderTable', () => {
  const header = ['snapshot', 'where', 'n', 'why'];
  const rows = [['s-bp1abcdefghij', 'cn-hangzhou → cn-shanghai', '12', 'the source is still being made; the next sweep copies it']];

  it('leaves a table that fits as it is', () => {
    expect(renderTable(header, rows, [2], 200).split('\n')).toEqual([
      'snapshot         where                       n  why',
      '─'.repeat(104),
      's-bp1abcdefghij  cn-hangzhou → cn-shanghai  12  the source is still being made; the next sweep copies it',
    ]);
  });

  it('wraps the free text first, at spaces, and keeps ids and numbers whole', () => {
    const lines = renderTable(header, rows, [2], 70).split('\n');
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(70);
    expect(lines[2]).toBe('s-bp1abcdefghij  cn-hangzhou → cn-shanghai  12  the source is still');
    expect(lines.slice(3).map((l) => l.trim())).toEqual(['being made; the next', 'sweep copies it']);
  });

  it('prints records when no wrapping inside cells can fit', () => {
    expect(renderTable(header, rows, [2], 40)).toBe(
      ['snapshot: s-bp1abcdefghij', '  where: cn-hangzhou → cn-shanghai', '  n: 12', '  why: the source is still being made;', '    the next sweep copies it'].join('\n'),
    );
  });

  it('counts wide characters as two cells, so names in Chinese line up', () => {
    expect(displayWidth('数据库-备份')).toBe(11);
    const text = renderTable(['name', 'id'], [['数据库', 's-1'], ['web', 's-2']], [], 80);
    expect(text.split('\n').map((l) => l.indexOf('s-') === -1 ? -1 : displayWidth(l.slice(0, l.indexOf('s-'))))).toEqual([-1, -1, 8, 8]);
  });

  it('breaks a word only when nothing else fits, and loses no character', () => {
    const lines = wrapCell('srep:edge-fanout:sp-edge00000001:cn-hangzhou-26', 12);
    expect(lines.every((l) => displayWidth(l) <= 12)).toBe(true);
    expect(lines.join('')).toBe('srep:edge-fanout:sp-edge00000001:cn-hangzhou-26');
  });
});
