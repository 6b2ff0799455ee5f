import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from './harness';

const { home, cleanup } = tempHome();
afterAll(cleanup);

const COMMANDS = ['plan', 'status', 'copy', 'invoke', 'validate-policy', 'local-cloud'];

describe('snapshot-replicator --help', () => {
  it('lists every command and the exit codes', async () => {
    const run = await runCli(['--help'], {}, home);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    expect(run.stdout).toContain('3  a cloud or authentication error');
  });

  it.each(COMMANDS)('%s --help shows its usage, options and exit codes', async (command) => {
    const run = await runCli([command, '--help'], {}, home);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: snapshot-replicator ${command}`);
    expect(run.stdout).toContain('Exit codes:');
    expect(run.stdout).toContain('Examples:');
    if (command !== 'local-cloud') expect(run.stdout).toContain('--json');
  });
});

describe('bad usage exits 2', () => {
  it('without a command, printing the help on stderr', async () => {
    const run = await runCli([], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: snapshot-replicator');
  });

  it('for an unknown command', async () => {
    const run = await runCli(['replicate'], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'replicate'");
  });

  it('for a missing required option', async () => {
    const run = await runCli(['plan'], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--policy <file>' not specified");
  });

  it('for a value outside the choices', async () => {
    const run = await runCli(['copy', '--cloud', 'aws-ebs', '--snapshot', 's-1', '--from', 'a', '--to', 'b'], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('aliyun-ecs, aliyun-ens, tencent-cbs');
  });

  it('for a malformed number', async () => {
    const run = await runCli(['status', '--policy', 'p.json', '--max-age', 'soon'], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must be a positive number of hours');
  });
});
