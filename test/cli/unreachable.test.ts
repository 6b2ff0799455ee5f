/**
 * The command under failure of the network: an endpoint that refuses connections or whose host does
 * not resolve is reported at once, retried briefly and given up (exit 3); one that accepts and never
 * answers is retried, with every retry and its reason on stderr, until --timeout (exit 3). stdout
 * stays one JSON document with --json.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyEnv, runCli, tempHome, writeFile } from './harness';

const { home, cleanup } = tempHome();
const policy = writeFile(join(home, 'policy.json'), {
  rules: [{ name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] }],
});
const cbsPolicy = writeFile(join(home, 'cbs.json'), { rules: [{ name: 'orders-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing' }] }] });

/** A loopback port nothing listens on: listened on once, then closed. */
async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts connections and never answers (a black hole behind a firewall, a hung proxy). */
let silent: Server;
const held: Socket[] = [];
let silentUrl: string;
let refusedUrl: string;

beforeAll(async () => {
  silent = createServer((socket) => void held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  refusedUrl = `http://127.0.0.1:${await closedPort()}`;
});
afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  cleanup();
});

const retries = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('retrying in '));

describe('an endpoint that refuses connections', () => {
  it.each(['plan', 'status'])('%s reports the refusal and its retries on stderr, gives up in seconds: exit 3', async (command) => {
    const run = await runCli([command, '--policy', policy], { ...keyEnv(), ALIYUN_ECS_ENDPOINT: refusedUrl }, home);
    expect(run.code).toBe(3);
    const port = new URL(refusedUrl).port;
    expect(retries(run.stderr)[0]).toMatch(new RegExp(`^retrying in \\d+\\.\\d s \\(retry 1\\): ecs:DescribeSnapshots NetworkError\\.ConnectionRefused: connection refused \\(127\\.0\\.0\\.1:${port}\\)`));
    expect(run.stderr).toMatch(/cloud error: .*NetworkError\.ConnectionRefused: connection refused .*; gave up after \d+ failed tries in \d+\.\d s: check ALIYUN_ECS_ENDPOINT/);
    expect(run.stdout).toBe('');
  });

  it('with --json: one JSON document on stdout, the retries on stderr only', async () => {
    const run = await runCli(['status', '--policy', cbsPolicy, '--json'], { ...keyEnv(), TENCENT_CBS_ENDPOINT: refusedUrl }, home);
    expect(run.code).toBe(3);
    const answer = JSON.parse(run.stdout) as { ok: boolean; error: { code: string; message: string } };
    expect(answer).toMatchObject({ ok: false, error: { code: 'NetworkError.ConnectionRefused' } });
    expect(answer.error.message).toContain('check TENCENT_CBS_ENDPOINT');
    expect(retries(run.stderr).length).toBeGreaterThan(0);
    expect(run.stdout).not.toContain('retrying');
  });
});

describe('an endpoint whose host does not resolve', () => {
  it('is named as an unknown host and given up on: exit 3', async () => {
    const run = await runCli(['plan', '--policy', policy], { ...keyEnv(), ALIYUN_ECS_ENDPOINT: 'http://ecs.no-such-endpoint.invalid' }, home);
    expect(run.code).toBe(3);
    expect(retries(run.stderr)[0]).toContain('NetworkError.UnknownHost: unknown host (ecs.no-such-endpoint.invalid)');
    expect(run.stderr).toContain('gave up after');
  });
});

describe('an endpoint that never answers', () => {
  it('is retried, each retry reported with its reason, until --timeout: exit 3', async () => {
    const run = await runCli(['plan', '--policy', policy, '--timeout', '3'], { ...keyEnv(), ALIYUN_ECS_ENDPOINT: silentUrl, API_TIMEOUT_MS: '500' }, home);
    expect(run.code).toBe(3);
    expect(retries(run.stderr)[0]).toMatch(/^retrying in \d+\.\d s \(retry 1\): ecs:DescribeSnapshots Timeout: /);
    expect(run.stderr).toContain('cloud error: time budget exhausted after Timeout');
    expect(run.stderr).toContain('give it longer with --timeout SECONDS');
  });

  it('refuses a --timeout that is not a number of seconds: exit 2', async () => {
    const run = await runCli(['status', '--policy', policy, '--timeout', 'soon'], keyEnv(), home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must be a number of seconds from 1 to 86400');
  });
});
