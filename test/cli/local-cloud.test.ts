import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnGuarded } from '../support/guarded-child';
import { ROOT, runCli, tempHome } from './harness';

const { home, cleanup } = tempHome();
afterAll(cleanup);

/** Starts `local-cloud` and answers the first line it prints, then stops it. */
function firstLineOf(args: string[]): Promise<{ line: string; stop: () => Promise<number | null> }> {
  const { child, output, done } = spawnGuarded(process.execPath, [join(ROOT, 'bin', 'snapshot-replicator.mjs'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: home } });
  const exited = done.then((run) => run.code);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', () => {
      const out = output().stdout;
      const newline = out.indexOf('\n');
      if (newline >= 0) {
        resolve({
          line: out.slice(0, newline),
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    exited.then((code) => reject(new Error(`local-cloud exited (${code}) before printing its URL`)), reject);
  });
}

describe('local-cloud', () => {
  it('serves the seed and prints its base URL; SIGTERM stops it cleanly', async () => {
    const { line, stop } = await firstLineOf(['local-cloud', '--seed', 'examples/local-cloud-seed.json']);
    try {
      expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const state = (await (await fetch(`${line}/_admin/state`)).json()) as { ecs: { snapshots: Array<{ snapshotId: string }> } };
      expect(state.ecs.snapshots.map((s) => s.snapshotId)).toContain('s-bp1prodweb001');
    } finally {
      expect(await stop()).toBe(0);
    }
  });

  it('refuses a seed file it cannot read (exit 2)', async () => {
    const run = await runCli(['local-cloud', '--seed', join(home, 'no-seed.json')], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot be read as a JSON seed');
  });

  it('refuses a port out of range (exit 2)', async () => {
    const run = await runCli(['local-cloud', '--port', '70000'], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must be a whole number from 0 to 65535');
  });
});
