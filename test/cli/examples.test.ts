import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../examples/catalog';
import { startLocalCloud, type LocalCloud, type Seed } from '../../local-cloud/index';
import { parsePolicy } from '../../shared/policy/load';
import { parseFcEvent } from '../../shared/triggers/fc';
import { parseManualRequest } from '../../shared/triggers/manual';
import { parseScfEvent } from '../../shared/triggers/scf';
import { cloudEnv, ROOT, runCli, tempHome } from './harness';

const DIR = join(ROOT, 'examples');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []));
}

function read(file: string): unknown {
  return JSON.parse(readFileSync(join(DIR, file), 'utf8'));
}

const of = (kind: string) => EXAMPLES.filter((e) => e.kind === kind);

describe('examples/', () => {
  it('the catalog names every example file, and only those', () => {
    const onDisk = jsonFiles(DIR).map((f) => relative(DIR, f)).sort();
    expect(EXAMPLES.map((e) => e.file).sort()).toEqual(onDisk);
  });

  it.each(of('policy').map((e) => e.file))('%s is a valid policy', (file) => {
    expect(parsePolicy(read(file)).rules.length).toBeGreaterThan(0);
  });

  it.each(of('fc-event').map((e) => e.file))('%s parses as an FC 3.0 event', (file) => {
    // FC hands the function a Buffer.
    const trigger = parseFcEvent(Buffer.from(readFileSync(join(DIR, file))));
    expect(['event', 'timer']).toContain(trigger.kind);
    if (trigger.kind === 'event') expect(trigger.events.map((e) => e.skip)).toEqual([undefined]);
  });

  it.each(of('scf-event').map((e) => e.file))('%s parses as an SCF event', (file) => {
    const trigger = parseScfEvent(read(file));
    expect(['event', 'timer']).toContain(trigger.kind);
    if (trigger.kind === 'event') expect(trigger.events[0]).toMatchObject({ cloud: 'tencent-cbs', notReadyYet: true });
  });

  it.each(of('payload').map((e) => e.file))('%s is a manual payload both platforms take', (file) => {
    const payload = read(file);
    expect(parseManualRequest(payload).action).toMatch(/^(copy|sweep)$/);
    expect(parseFcEvent(Buffer.from(JSON.stringify(payload))).kind).toBe('manual');
    expect(parseScfEvent(payload).kind).toBe('manual');
  });

  it('the timer example limits the sweep to the example ECS rule', () => {
    expect(parseFcEvent(Buffer.from(JSON.stringify(read('events/fc/timer.json'))))).toEqual({ kind: 'timer', request: { action: 'sweep', rules: ['prod-dr'] } });
  });
});

describe('the example policies against the example seed, through the command', () => {
  const seed = read('local-cloud-seed.json') as Seed;
  const { home, cleanup } = tempHome();
  let cloud: LocalCloud;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    cloud = await startLocalCloud({ seed });
    const aliyun = seed.credentials?.aliyun?.[0];
    const tencent = seed.credentials?.tencent?.[0];
    env = {
      ...cloudEnv(cloud),
      ALIBABA_CLOUD_ACCESS_KEY_ID: aliyun?.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: aliyun?.accessKeySecret,
      TENCENTCLOUD_SECRETID: tencent?.secretId,
      TENCENTCLOUD_SECRETKEY: tencent?.secretKey,
    };
  });
  afterAll(async () => {
    await cloud.close();
    cleanup();
  });

  it('validate-policy accepts every example policy (exit 0)', async () => {
    const files = of('policy').map((e) => join('examples', e.file));
    const run = await runCli(['validate-policy', ...files, '--json'], {}, home);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { ok: boolean; files: Array<{ file: string; ok: boolean }> };
    expect(answer.files.map((f) => [f.file, f.ok])).toEqual(files.map((f) => [f, true]));
  });

  it.each([
    ['policies/ecs-one-region-to-two.json', 4, 480],
    ['policies/ens-edge-fanout.json', 2, 80],
    ['policies/cbs-dr-pair.json', 2, 200],
  ])('plan %s: %i copies, %i GB', async (file, copies, gb) => {
    const run = await runCli(['plan', '--policy', join('examples', file), '--json'], env, home);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as { totals: { counts: Record<string, number>; transferGb: number } };
    expect(plan.totals.counts['would-copy']).toBe(copies);
    expect(plan.totals.transferGb).toBe(gb);
  });
});
