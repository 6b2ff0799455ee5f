import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { vi } from 'vitest';
import { startLocalCloud, type LocalCloud, type Seed } from '../../local-cloud/index';
import { pointHandlersAt } from '../support/handler-env';
import { recordLogLines, registerTestSecrets } from '../security/log-guard';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

/** The credentials the tests' seeds hold; the secrets are checked for in every captured log. */
export const KEYS = {
  aliyun: { accessKeyId: 'STS.functiontest', accessKeySecret: 'fc-role-secret-0123456789', securityToken: 'fc-role-token-abcdefghijklmnop' },
  tencent: { secretId: 'AKIDfunctiontest', secretKey: 'scf-role-secret-0123456789', sessionToken: 'scf-role-token-abcdefghijklmnop' },
} as const;

export const SECRETS = [KEYS.aliyun.accessKeySecret, KEYS.aliyun.securityToken, KEYS.tencent.secretKey, KEYS.tencent.sessionToken];
registerTestSecrets(...SECRETS);

export function credentialsSeed(): Seed['credentials'] {
  return { aliyun: [{ ...KEYS.aliyun }], tencent: [{ ...KEYS.tencent }] };
}

/** Builds dist/ once per test run if an earlier step has not (npm test builds first). */
/** One rule per cloud, each from its seeds' usual source region to one destination, kept 7 days. */
export const ONE_RULE_PER_CLOUD = {
  rules: [
    { name: 'ecs-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] },
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 7 }] },
    { name: 'cbs-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 7 }] },
  ],
};

export function ensureBuilt(): void {
  if (['ecs-replicator', 'ens-replicator', 'cbs-replicator'].every((f) => existsSync(resolve(root, 'dist', f, 'index.js')))) return;
  execFileSync(process.execPath, [resolve(root, 'node_modules/tsx/dist/cli.mjs'), resolve(root, 'scripts/build.ts')], { cwd: root, stdio: 'ignore' });
}

type Handler = (event: unknown, context?: unknown) => Promise<Record<string, unknown>>;

/** Loads a built bundle the way the platform does: plain require of dist/<name>/index.js. */
export function loadBundle(name: 'ecs-replicator' | 'ens-replicator'): Handler;
export function loadBundle(name: 'cbs-replicator'): Handler;
export function loadBundle(name: string): Handler {
  ensureBuilt();
  const mod = require(resolve(root, 'dist', name, 'index.js')) as Record<string, Handler>;
  const fn = mod.handler ?? mod.main_handler;
  if (!fn) throw new Error(`${name} exports no handler`);
  return fn;
}

/** An FC 3.0 context as the platform passes it, with the role's temporary credentials. */
export function fcContext(timeoutSeconds = 60): Record<string, unknown> {
  return {
    requestId: 'req-fc-test',
    credentials: { ...KEYS.aliyun },
    function: { name: 'snapshot-replicator-test', handler: 'index.handler', memory: 256, timeout: timeoutSeconds },
    region: 'cn-hangzhou',
  };
}

export function scfContext(timeLimitMs = 60_000): Record<string, unknown> {
  return { request_id: 'req-scf-test', time_limit_in_ms: timeLimitMs, function_name: 'snapshot-replicator-test' };
}

/** Points every adapter at the local cloud and sets the SCF role's environment. */
export function useLocalCloud(cloud: LocalCloud, policy: unknown): void {
  pointHandlersAt(cloud.url, KEYS, policy);
}

export function setPolicy(policy: unknown): void {
  process.env.REPLICATION_POLICY = typeof policy === 'string' ? policy : JSON.stringify(policy);
}

/** Captures what handlers log (one JSON object per line) while `fn` runs. */
export async function captureLogs<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  }));
  try {
    return { value: await fn(), lines };
  } finally {
    for (const s of spies) s.mockRestore();
    // Kept off the console, but still checked for secrets (test/security/log-guard.setup.ts).
    recordLogLines(lines);
  }
}

/** FC hands the function a Buffer. */
export function buffer(value: unknown): Buffer {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
}

export { startLocalCloud };
export type { LocalCloud, Seed };
