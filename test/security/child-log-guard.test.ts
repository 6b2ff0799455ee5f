/**
 * The log guard sees what child processes print: the command line run by its test harness, bundles
 * run in processes of their own, and any child started through test/support/guarded-child.ts. Each test here prints a registered secret on
 * purpose, shows the guard's check fails on it, then takes those lines back so this file still passes.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { KEYS, runCli, startCli, tempHome } from '../cli/harness';
import { invokeAtOnce } from '../support/bundle-processes';
import { childrenSettled, spawnGuarded } from '../support/guarded-child';
import { forgetRecordedSince, leaksIn, recordedMark, recordedSince, testSecrets } from './log-guard';

const { home, cleanup } = tempHome();
afterAll(cleanup);

const SECRET = KEYS.aliyun.accessKeySecret;
let mark = recordedMark();
afterEach(() => forgetRecordedSince(mark));

const node = (script: string) => spawnGuarded(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' } });

describe('the log guard on child processes', () => {
  it('knows the command line keys as secrets', () => {
    mark = recordedMark();
    expect(testSecrets()).toContain(SECRET);
  });

  it('fails on a secret the command line prints (an argument it echoes in its usage error)', async () => {
    mark = recordedMark();
    const run = await runCli([SECRET], {}, home);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(SECRET);
    expect(leaksIn(recordedSince(mark))).toEqual([expect.stringMatching(/^secret cli/)]);
  });

  it('fails on a secret a command started with startCli prints', async () => {
    mark = recordedMark();
    const running = startCli(['plan', '--policy', SECRET], {}, home);
    await running.done;
    expect(leaksIn(recordedSince(mark)).length).toBeGreaterThan(0);
  });

  it('fails on a secret split between two writes to stderr', async () => {
    mark = recordedMark();
    const half = Math.floor(SECRET.length / 2);
    const script = `process.stderr.write(${JSON.stringify(SECRET.slice(0, half))}); setTimeout(() => process.stderr.write(${JSON.stringify(`${SECRET.slice(half)}\n`)}), 50);`;
    const run = await node(script).done;
    expect(run.stderr).toContain(SECRET);
    expect(leaksIn(recordedSince(mark))).toHaveLength(1);
  });

  it('fails on a signed URL a child prints, whatever its keys', async () => {
    mark = recordedMark();
    await node(`console.log('GET https://ecs.aliyuncs.com/?Action=DescribeSnapshots&Signature=abc')`).done;
    expect(leaksIn(recordedSince(mark))).toEqual([expect.stringMatching(/^Signature value|^signed URL/), expect.stringMatching(/^signed URL/)]);
  });

  it('checks what a child still running has printed when the file ends', async () => {
    mark = recordedMark();
    const watched = node(`console.log(${JSON.stringify(SECRET)}); setTimeout(() => {}, 30000);`);
    while (!watched.output().stdout.includes(SECRET)) await new Promise((r) => setTimeout(r, 20));
    expect(leaksIn(recordedSince(mark))).toEqual([]);
    await childrenSettled(50);
    expect(leaksIn(recordedSince(mark))).toHaveLength(1);
    watched.child.kill('SIGKILL');
    await watched.done;
  });

  it('records what a bundle run in a process of its own logs', async () => {
    mark = recordedMark();
    // Bad input: answered without a call, so no cloud is needed.
    const [outcome] = await invokeAtOnce('http://127.0.0.1:9', { rules: [] }, [{ bundle: 'ecs-replicator', event: Buffer.from('not json') }]);
    expect(outcome?.answer).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(recordedSince(mark)).toContain('"msg":"invocation failed"');
  });

  it('passes what the command prints on an ordinary run', async () => {
    mark = recordedMark();
    const run = await runCli(['--help'], {}, home);
    expect(run.code).toBe(0);
    expect(recordedSince(mark)).toContain('Usage: snapshot-replicator');
    expect(leaksIn(recordedSince(mark))).toEqual([]);
  });
});
