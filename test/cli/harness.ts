/**
 * Runs `node bin/snapshot-replicator.mjs ...` as a user would, in a child process with an
 * environment built from scratch (no proxies, no real credentials, HOME in a temp dir).
 * The local cloud and the invoke stand-in run in the test process, so the child is spawned
 * asynchronously: a synchronous spawn would block the servers it talks to. What it prints is checked
 * by the log guard like any log line.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { LocalCloud, Seed } from '../../local-cloud/index';
import { spawnGuarded, watchChild, type ChildOutput } from '../support/guarded-child';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin', 'snapshot-replicator.mjs');

/** The keys the tests' seeds hold. The STS key needs its token on every call. */
export const KEYS = {
  aliyun: { accessKeyId: 'LTAIclitest0001', accessKeySecret: 'cli-test-aliyun-secret-0123' },
  aliyunSts: { accessKeyId: 'STS.clitest0001', accessKeySecret: 'cli-test-sts-secret-0123', securityToken: 'cli-test-sts-token-abcdef' },
  tencent: { secretId: 'AKIDclitest0001', secretKey: 'cli-test-tencent-key-0123' },
} as const;

export function credentialsSeed(): NonNullable<Seed['credentials']> {
  return { aliyun: [{ ...KEYS.aliyun }, { ...KEYS.aliyunSts }], tencent: [{ ...KEYS.tencent }] };
}

export type Env = Record<string, string | undefined>;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh HOME per test file, so no real ~/.aliyun or ~/.tccli is ever read. */
export function tempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'srep-cli-home-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export function writeFile(path: string, content: unknown): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** The endpoint variables pointing every adapter at the local cloud (STS too: the policy's accounts are reached through it). */
export function cloudEnv(cloud: LocalCloud): Env {
  return { ALIYUN_ECS_ENDPOINT: cloud.url, ALIYUN_ENS_ENDPOINT: cloud.url, TENCENT_CBS_ENDPOINT: cloud.url, ALIYUN_STS_ENDPOINT: cloud.url, TENCENT_STS_ENDPOINT: cloud.url };
}

/** The caller's keys as the usual environment variables. */
export function keyEnv(): Env {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: KEYS.aliyun.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEYS.aliyun.accessKeySecret,
    TENCENTCLOUD_SECRETID: KEYS.tencent.secretId,
    TENCENTCLOUD_SECRETKEY: KEYS.tencent.secretKey,
  };
}

/** The child's environment: only PATH, the temp HOME, and what the test gives. */
export function childEnv(env: Env, home: string): Record<string, string> {
  const out: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Everything written so far. */
  output(): CliRun;
  done: Promise<CliRun>;
}

/** What the command printed goes through the log guard, as the functions' logs do (test/support/guarded-child.ts). */
function cliRun(done: Promise<ChildOutput>): Promise<CliRun> {
  return done.then(({ code, stdout, stderr }) => ({ code, stdout, stderr }));
}

/** Starts the command and lets the test act on it while it runs (signal it, read what it printed so far). */
export function startCli(args: string[], env: Env, home: string): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(env, home), stdio: ['pipe', 'pipe', 'pipe'] });
  const watched = watchChild(child);
  return { child, output: () => ({ code: child.exitCode, ...watched.output() }), done: cliRun(watched.done) };
}

export function runCli(args: string[], env: Env, home: string): Promise<CliRun> {
  return cliRun(spawnGuarded(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(env, home) }).done);
}

/** Resolves once `ready()` holds, checking every 20 ms; rejects after `ms`. */
export async function until(ready: () => boolean, ms = 15_000, what = 'the condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Terminal control sequences (a progress bar, colours) never belong in piped output. */
export function hasEscapeCodes(run: CliRun): boolean {
  return run.stdout.includes('\u001b') || run.stderr.includes('\u001b');
}

export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString();
}
