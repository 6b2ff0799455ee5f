/**
 * Ctrl-C and SIGTERM while a command waits on a cloud: on a terminal, the progress bar is stopped and
 * the cursor and line wrap it turned off are given back; what was done is printed; the command exits
 * 130 (143 on SIGTERM); with --json, stdout is still one JSON document.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyEnv, startCli, tempHome, until, writeFile } from './harness';
import { hasScript, startOnTerminal } from './terminal';

const { home, cleanup } = tempHome();
const policy = writeFile(join(home, 'policy.json'), {
  rules: [{ name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] }],
});

/** An endpoint that takes every request and never answers: the command waits on it until stopped. */
let silent: Server;
const held: Socket[] = [];
let env: Record<string, string>;

beforeAll(async () => {
  silent = createServer((socket) => void held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  env = { ...(keyEnv() as Record<string, string>), ALIYUN_ECS_ENDPOINT: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, API_TIMEOUT_MS: '60000' };
});
afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  cleanup();
});

const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
const WRAP_OFF = '\u001b[?7l';
const WRAP_ON = '\u001b[?7h';

// Without util-linux `script` (macOS has another one) this part is skipped, except in CI, where
// .ci/run installs it and its absence must fail.
describe.skipIf(!hasScript() && process.env.CI === undefined)('Ctrl-C on a terminal', () => {
  it('gives the cursor and line wrap back, says what was done, exits 130', async () => {
    const run = startOnTerminal(['plan', '--policy', policy], env, home);
    await until(() => run.screen().includes('Listing snapshots') && held.length > 0, 15_000, 'the progress bar');
    const before = run.screen();
    // The bar hid the cursor and turned line wrap off: that is what must be undone.
    expect(before).toContain(HIDE_CURSOR);
    expect(before).toContain(WRAP_OFF);
    run.type('\u0003');
    const { code, stdout: screen } = await run.done;
    expect(code).toBe(130);
    expect(screen.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(screen.lastIndexOf(HIDE_CURSOR));
    expect(screen.lastIndexOf(WRAP_ON)).toBeGreaterThan(screen.lastIndexOf(WRAP_OFF));
    expect(screen).toContain('interrupted (Ctrl-C) while listing snapshots, after 0 answered API calls.');
    expect(screen).toContain('A plan changes nothing in the clouds.');
  });
});

describe('interrupted without a terminal', () => {
  it('with --json: one JSON document saying what was done, exit 130', async () => {
    const run = startCli(['plan', '--policy', policy, '--json'], env, home);
    const connected = held.length;
    await until(() => held.length > connected, 15_000, 'the listing request');
    run.child.kill('SIGINT');
    const { code, stdout, stderr } = await run.done;
    expect(code).toBe(130);
    const answer = JSON.parse(stdout) as { ok: boolean; error: { code: string; message: string }; interrupted: Record<string, unknown> };
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'Interrupted', message: 'interrupted (Ctrl-C) while listing snapshots, after 0 answered API calls.' },
      interrupted: { signal: 'SIGINT', during: 'Listing snapshots', callsAnswered: 0, copiesStarted: [] },
    });
    expect(stderr).not.toContain('\u001b');
  });

  it('SIGTERM: the same report on stderr, exit 143', async () => {
    const run = startCli(['status', '--policy', policy], env, home);
    const connected = held.length;
    await until(() => held.length > connected, 15_000, 'the listing request');
    run.child.kill('SIGTERM');
    const { code, stdout, stderr } = await run.done;
    expect(code).toBe(143);
    expect(stdout).toBe('');
    expect(stderr).toContain('stopped (SIGTERM) while listing snapshots, after 0 answered API calls.');
    expect(stderr).toContain('A status check changes nothing in the clouds.');
  });
});
