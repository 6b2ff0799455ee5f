/**
 * The command as a package: `npm pack` carries only what runs (the launcher and the bundle), and a
 * global install of the tarball works with no registry at hand (it has no dependencies) and from
 * any directory. `npm run build` (part of `npm test`) must have run: the tarball is packed from dist/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SEED, startLocalCloud, type LocalCloud } from '../../local-cloud/index';
import { spawnGuarded, type ChildOutput } from '../support/guarded-child';
import { cloudEnv, ROOT, tempHome, writeFile } from './harness';

/** Runs a command to its end, its output checked by the log guard; a failure throws with what it printed. */
async function run(file: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<ChildOutput> {
  const out = await spawnGuarded(file, args, options).done;
  if (out.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${String(out.code)}: ${out.stderr}`);
  return out;
}
const { home, cleanup } = tempHome();
/** npm with nothing of the machine's own configuration or cache. */
const npmEnv = { PATH: process.env.PATH ?? '', HOME: home, npm_config_cache: join(home, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

let packed: PackResult;
let installed: string;
let cloud: LocalCloud;

beforeAll(async () => {
  const out = join(home, 'out');
  mkdirSync(out, { recursive: true });
  // --ignore-scripts: the build already ran, and must not run again while other tests read dist/.
  const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: ROOT, env: npmEnv });
  packed = (JSON.parse(pack.stdout) as PackResult[])[0] as PackResult;
  const prefix = join(home, 'global');
  await run('npm', ['install', '--global', '--offline', '--prefix', prefix, join(out, packed.filename)], { cwd: home, env: npmEnv });
  installed = join(prefix, 'bin', 'snapshot-replicator');
  cloud = await startLocalCloud({ seed: EXAMPLE_SEED });
}, 120_000);
afterAll(async () => {
  await cloud?.close();
  cleanup();
});

describe('npm pack', () => {
  it('carries the launcher and the bundle, nothing else of the repository', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/snapshot-replicator.mjs', 'dist/cli/snapshot-replicator.mjs']));
    expect(paths.filter((p) => !/^(package\.json|README\.md|bin\/snapshot-replicator\.mjs|dist\/cli\/.+\.mjs)$/.test(p))).toEqual([]);
  });

  it('declares no dependencies: the bundle holds everything it runs', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});

describe('the globally installed command', () => {
  it('answers --help from any directory', async () => {
    const help = await run(installed, ['--help'], { cwd: home, env: { PATH: process.env.PATH ?? '', HOME: home } });
    expect(help.stdout).toContain('Usage: snapshot-replicator');
  });

  it('plans against the local cloud, SDKs and all, outside the checkout', async () => {
    const policy = writeFile(join(home, 'policy.json'), {
      rules: [
        { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] },
        { name: 'orders-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 7 }] },
      ],
    });
    const aliyun = EXAMPLE_SEED.credentials?.aliyun?.[0];
    const tencent = EXAMPLE_SEED.credentials?.tencent?.[0];
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      ...(cloudEnv(cloud) as Record<string, string>),
      ALIBABA_CLOUD_ACCESS_KEY_ID: aliyun?.accessKeyId ?? '',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: aliyun?.accessKeySecret ?? '',
      TENCENTCLOUD_SECRETID: tencent?.secretId ?? '',
      TENCENTCLOUD_SECRETKEY: tencent?.secretKey ?? '',
    };
    const plan = await run(installed, ['plan', '--policy', policy, '--json'], { cwd: home, env });
    const answer = JSON.parse(plan.stdout) as { ok: boolean; totals: { counts: Record<string, number> } };
    expect(answer.ok).toBe(true);
    expect(answer.totals.counts['would-copy']).toBe(3);
  });
});
