import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from './harness';

const { home, cleanup } = tempHome();
afterAll(cleanup);

interface UsageJson {
  ok: boolean;
  error: { code: string; message: string };
}

function usageAnswer(stdout: string): UsageJson {
  return JSON.parse(stdout) as UsageJson;
}

describe('a mistyped option', () => {
  it('is named as unknown, with the option it resembles, before any missing mandatory option', async () => {
    const run = await runCli(['plan', '--polcy', 'policy.json'], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown option '--polcy'\n(Did you mean --policy?)");
    expect(run.stderr).not.toContain('--policy <file>');
  });

  it('is found after options that take values, even values that start with a dash', async () => {
    const run = await runCli(['copy', '--cloud', 'aliyun-ecs', '--snapshot', '-s1', '--from', 'a', '--to', 'b', 'c', '--retension-days', '7'], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--retension-days'\n(Did you mean --retention-days?)");
  });

  it('is not looked for after --', async () => {
    const run = await runCli(['validate-policy', '--', '--not-an-option.json'], {}, home);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('--not-an-option.json cannot be read (ENOENT)');
  });
});

describe('usage errors with --json', () => {
  it.each([
    [['plan', '--polcy', 'p.json', '--json'], "unknown option '--polcy' (Did you mean --policy?)"],
    [['plan', '--json'], "required option '--policy <file>' not specified"],
    [['status', '--policy', 'p.json', '--max-age', 'soon', '--json'], 'must be a positive number of hours'],
    [['copy', '--cloud', 'aws-ebs', '--snapshot', 's', '--from', 'a', '--to', 'b', '--json'], 'aliyun-ecs, aliyun-ens, tencent-cbs'],
    [['validate-policy', '--json'], "missing required argument 'files'"],
  ])('%j: one JSON document on stdout, nothing on stderr, exit 2', async (args, message) => {
    const run = await runCli(args, {}, home);
    expect(run.code).toBe(2);
    const answer = usageAnswer(run.stdout);
    expect(answer.ok).toBe(false);
    expect(answer.error.code).toBe('InvalidUsage');
    expect(answer.error.message).toContain(message);
    expect(run.stderr).toBe('');
  });

  it('--help is still help, with --json beside it', async () => {
    const run = await runCli(['plan', '--help', '--json'], {}, home);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: snapshot-replicator plan');
  });
});
