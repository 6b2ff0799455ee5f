import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { chosenCommand, COMMANDS } from '../../cli/command-list';

describe('the command list', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: the help lists it as the command itself describes it', async (name, entry) => {
    const program = new Command('snapshot-replicator');
    (await entry.load())(program);
    const command = program.commands.find((c) => c.name() === name);
    expect(command?.summary()).toBe(entry.summary);
    const args = command?.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}]`)).join(' ');
    expect(args || undefined).toBe(entry.args);
  });

  it('finds the command a command line names, also after help', () => {
    expect(chosenCommand(['plan', '--policy', 'p.json'])?.name).toBe('plan');
    expect(chosenCommand(['help', 'status'])?.name).toBe('status');
    expect(chosenCommand(['--help'])).toBeUndefined();
    expect(chosenCommand(['replicate'])).toBeUndefined();
  });
});
