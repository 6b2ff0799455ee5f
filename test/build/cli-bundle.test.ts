import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordChildOutput } from '../support/guarded-child';
import { bundleCli, type CliBundleResult } from '../../scripts/bundle';

const ROOT = resolve(import.meta.dirname, '../..');
let work: string;
let cli: CliBundleResult;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'srep-cli-build-'));
  cli = await bundleCli(join(ROOT, 'cli', 'main.ts'), join(work, 'cli'));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Only the files a start reads, copied where nothing else is: what runs there needs nothing more. */
function startOnly(): string {
  const dir = join(work, 'start-only');
  for (const file of cli.startFiles) {
    const to = join(dir, relative(join(work, 'cli'), file));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(file, to);
  }
  return join(dir, 'snapshot-replicator.mjs');
}

describe('the command line bundle', () => {
  it('needs nothing outside itself: no TypeScript, no node_modules', () => {
    const outside = join(work, 'elsewhere');
    cpSync(join(work, 'cli'), outside, { recursive: true });
    const help = execFileSync(process.execPath, [join(outside, 'snapshot-replicator.mjs'), 'validate-policy', '--help'], { cwd: tmpdir(), encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    recordChildOutput({ stdout: help });
    expect(help).toContain('Usage: snapshot-replicator validate-policy');
  });

  it('reads only the command list and commander for --help: every command loads on use', () => {
    const entry = startOnly();
    const help = spawnSync(process.execPath, [entry, '--help'], { cwd: tmpdir(), encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    recordChildOutput(help);
    expect(help.status).toBe(0);
    for (const command of ['plan', 'status', 'copy', 'invoke', 'validate-policy', 'local-cloud']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    // The same files cannot run a command: its code is in a chunk a start does not read.
    const plan = spawnSync(process.execPath, [entry, 'plan', '--help'], { cwd: tmpdir(), encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    recordChildOutput(plan);
    expect(plan.status).not.toBe(0);
    const started = cli.startFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(started).not.toContain('DescribeSnapshots');
    expect(started).not.toContain('tencentcloud');
    expect(cli.startBytes).toBeLessThan(cli.bytes / 10);
  });
});
