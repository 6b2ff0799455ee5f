/**
 * `status --html FILE` and rules' rpoHours: the command writes one self-contained page, the test reads
 * the breaches back out of it (its structure), and headless Chromium renders it (the breach colour is
 * painted; the rendered text names the breaches). Breaches also show in the JSON and the exit code.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Seed } from '../../local-cloud/index';
import { chromium, chromiumPath, chromiumRequired } from '../support/chromium';
import { countColour, decodePng } from '../support/png';
import { credentialsSeed, hoursAgo, runCli, writeFile } from './harness';
import { cliCloudPerFile } from './cli-cloud-per-file';

const RULE = { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } } };

/**
 * d-web: taken 5 h ago, copied to cn-shanghai; none in cn-beijing.
 * d-db: taken 3 h ago and copied to cn-shanghai; a newer one an hour ago, not copied yet.
 * d-log: taken 1 h ago, copied to both.
 * With rpoHours 4: d-web→shanghai (5 h), d-web→beijing and d-db→beijing (no copy) are breached;
 * d-db→shanghai (3 h) is within it but past half; d-log is fresh.
 */
function seed(): Seed {
  const source = (snapshotId: string, diskId: string, hours: number) => ({
    snapshotId, regionId: 'cn-hangzhou', diskId, name: snapshotId, status: 'accomplished', snapshotType: 'user', tags: { backup: 'dr' }, creationTime: hoursAgo(hours),
  });
  const copy = (snapshotId: string, region: string, of: string, diskId: string, hours: number) => ({
    snapshotId, regionId: region, diskId, name: `srep:prod-dr:${of}:cn-hangzhou`, status: 'accomplished', snapshotType: 'copied',
    sourceSnapshotId: of, sourceRegion: 'cn-hangzhou', creationTime: hoursAgo(hours),
  });
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
      snapshots: [
        source('s-web1', 'd-web', 5),
        copy('s-webcopy', 'cn-shanghai', 's-web1', 'd-web', 4),
        source('s-db1', 'd-db', 3),
        copy('s-dbcopy', 'cn-shanghai', 's-db1', 'd-db', 2),
        source('s-db2', 'd-db', 1),
        source('s-log1', 'd-log', 1),
        copy('s-logsh', 'cn-shanghai', 's-log1', 'd-log', 0.5),
        copy('s-logbj', 'cn-beijing', 's-log1', 'd-log', 0.5),
      ],
    },
  };
}

const { cloud, env, home } = cliCloudPerFile(seed, { resetEachTest: false });
const withRpo = writeFile(join(home, 'rpo.json'), { rules: [{ ...RULE, rpoHours: 4, destinations: [{ region: 'cn-shanghai' }, { region: 'cn-beijing' }] }] });
const withoutRpo = writeFile(join(home, 'plain.json'), { rules: [{ ...RULE, destinations: [{ region: 'cn-shanghai' }, { region: 'cn-beijing' }] }] });


interface StatusJson {
  ok: boolean;
  breaches?: number;
  html?: string;
  entries: Array<{ diskId: string; destinationRegion: string; rpoHours?: number; breached?: boolean }>;
}

/** The breaches as the page lists them, read from its markup: rule, disk, destination. */
function breachRows(html: string): string[] {
  return [...html.matchAll(/<tr class="breach-row" data-rule="([^"]*)" data-disk="([^"]*)" data-destination="([^"]*)">/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
}

function cell(html: string, disk: string, destination: string): { band: string; title: string } | undefined {
  const row = html.split('<tr>').find((r) => r.includes(`<code>${disk}</code>`) && r.includes('class="cell'));
  const m = row?.match(new RegExp(`<td class="cell (\\w+)" title="([^"]*)" data-destination="${destination}"`));
  return m ? { band: m[1] ?? '', title: m[2] ?? '' } : undefined;
}

describe('rpoHours in status', () => {
  it('marks each (disk, destination) breached when its newest copy is older than rpoHours or missing, and exits 1', async () => {
    const run = await runCli(['status', '--policy', withRpo, '--json'], env, home);
    expect(run.code).toBe(1);
    const status = JSON.parse(run.stdout) as StatusJson;
    expect(status.ok).toBe(false);
    expect(status.breaches).toBe(3);
    const breached = status.entries.filter((e) => e.breached).map((e) => `${e.diskId} ${e.destinationRegion}`).sort();
    expect(breached).toEqual(['d-db cn-beijing', 'd-web cn-beijing', 'd-web cn-shanghai']);
    expect(status.entries.every((e) => e.rpoHours === 4)).toBe(true);
  });

  it('keeps status as it was for a policy without rpoHours: no breach fields, exit 0', async () => {
    const run = await runCli(['status', '--policy', withoutRpo, '--json'], env, home);
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as StatusJson;
    expect(status.breaches).toBeUndefined();
    expect(status.entries.some((e) => 'breached' in e || 'rpoHours' in e)).toBe(false);
  });

  it('says so in the text: the breached pairs are marked and counted', async () => {
    const run = await runCli(['status', '--policy', withRpo], { ...env, COLUMNS: '160' }, home);
    expect(run.code).toBe(1);
    expect(run.stdout.match(/\(breach\)/g)).toHaveLength(3);
    expect(run.stdout).toContain("3 with no copy within their rule's rpoHours (marked breach).");
  });
});

describe('status --html', () => {
  const page = join(home, 'report', 'coverage.html');

  it('refuses a file in a folder that does not exist, before any API call', async () => {
    cloud.clearCalls();
    const run = await runCli(['status', '--policy', withRpo, '--html', join(home, 'missing', 'x.html'), '--json'], env, home);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'InvalidInput', problems: [{ field: '--html' }] } });
    expect(cloud.calls()).toEqual([]);
  });

  it('writes one self-contained page: breaches first, a grid per rule, the time it was made', async () => {
    writeFile(join(home, 'report', '.keep'), '');
    const started = Date.now();
    const run = await runCli(['status', '--policy', withRpo, '--html', page, '--json'], env, home);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as StatusJson).html).toBe(page);
    const html = readFileSync(page, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Nothing from anywhere: no script, no external reference of any kind, and a policy that forbids fetching.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    // The breaches, read from the page, come before the grid.
    expect(breachRows(html).sort()).toEqual(['prod-dr d-db cn-beijing', 'prod-dr d-web cn-beijing', 'prod-dr d-web cn-shanghai']);
    expect(html).toContain('Breaches: 3');
    expect(html.indexOf('id="breaches"')).toBeLessThan(html.indexOf('class="grid"'));
    // The grid: disks down, destinations across, coloured against the objective, newest copy on hover.
    expect(cell(html, 'd-web', 'cn-shanghai')).toMatchObject({ band: 'breach' });
    expect(cell(html, 'd-web', 'cn-shanghai')?.title).toMatch(/newest copy s-webcopy \(of s-web1\), data 5h \d+m old/);
    expect(cell(html, 'd-web', 'cn-beijing')).toMatchObject({ band: 'breach' });
    expect(cell(html, 'd-web', 'cn-beijing')?.title).toContain('no finished copy');
    expect(cell(html, 'd-db', 'cn-shanghai')).toMatchObject({ band: 'ageing' });
    expect(cell(html, 'd-db', 'cn-shanghai')?.title).toContain('not copied yet: s-db2');
    expect(cell(html, 'd-log', 'cn-beijing')).toMatchObject({ band: 'fresh' });
    expect(cell(html, 'd-log', 'cn-beijing')?.title).toContain('newest copy s-logbj');
    // When it was made.
    const made = Date.parse(html.match(/<time id="made" datetime="([^"]+)">/)?.[1] ?? '');
    expect(made).toBeGreaterThanOrEqual(started - 1000);
    expect(made).toBeLessThanOrEqual(Date.now());
  });

  it('colours by --max-age where a rule sets no rpoHours, and says when nothing is breached', async () => {
    const plain = join(home, 'report', 'plain.html');
    const relaxed = await runCli(['status', '--policy', withoutRpo, '--html', plain], env, home);
    expect(relaxed.code).toBe(0);
    expect(readFileSync(plain, 'utf8')).toContain('No rule sets an objective');
    expect(cell(readFileSync(plain, 'utf8'), 'd-web', 'cn-shanghai')?.band).toBe('unset');
    const strict = await runCli(['status', '--policy', withoutRpo, '--max-age', '2', '--html', plain], env, home);
    expect(strict.code).toBe(1);
    const html = readFileSync(plain, 'utf8');
    expect(cell(html, 'd-db', 'cn-shanghai')?.band).toBe('breach');
    expect(cell(html, 'd-log', 'cn-shanghai')?.band).toBe('ageing');
  });

  describe.skipIf(!chromiumPath && !chromiumRequired)('rendered by headless Chromium', () => {
    it('is installed where the render must run (CI)', () => {
      expect(chromiumPath, 'chromium is missing: .ci/run installs it with apt-get install chromium').toBeDefined();
    });

    it('renders the breaches as text and paints the breach colour', async () => {
      if (!existsSync(page)) await runCli(['status', '--policy', withRpo, '--html', page], env, home);
      const dom = await chromium(page, ['--dump-dom']);
      // The DOM after parsing: the breaches section is there with its three rows, before the grid.
      expect(dom).toContain('Breaches: 3');
      expect(breachRows(dom)).toHaveLength(3);
      const shot = join(home, 'report', 'shot.png');
      rmSync(shot, { force: true });
      await chromium(page, [`--screenshot=${shot}`, '--window-size=1000,700']);
      const pixels = decodePng(readFileSync(shot));
      expect(pixels.width).toBe(1000);
      // #c62828 is the breach cells' background, #d1f0d6 the fresh ones': both must be on screen.
      expect(countColour(pixels, [0xc6, 0x28, 0x28])).toBeGreaterThan(2000);
      expect(countColour(pixels, [0xd1, 0xf0, 0xd6])).toBeGreaterThan(500);
    }, 120_000);
  });
});
