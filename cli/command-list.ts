import type { Command } from 'commander';

/** One subcommand: what the top-level help lists, and how to load the code that defines and runs it. */
export interface CommandEntry {
  name: string;
  /** As the command's own `.summary()` says it (a test keeps the two equal). */
  summary: string;
  /** Its arguments, as the help lists them beside the name. */
  args?: string;
  load(): Promise<(program: Command) => void>;
}

/**
 * Every subcommand, in the order the help lists them. A command's module (with the engine, the SDKs
 * or the local cloud behind it) is loaded only when that command runs or shows its own help, so
 * `snapshot-replicator --help` reads none of them.
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'plan', summary: 'show what a sweep would copy, and how much data that moves (dry run)', load: async () => (await import('./commands/plan')).registerPlan },
  { name: 'status', summary: 'coverage: the newest copy of every source disk in every destination, and its age', load: async () => (await import('./commands/status')).registerStatus },
  { name: 'copy', summary: 'copy one snapshot to other regions now, with your own credentials', load: async () => (await import('./commands/copy')).registerCopy },
  { name: 'invoke', summary: 'invoke a deployed function (FC 3.0, FC 2.0 or SCF) with a payload', load: async () => (await import('./commands/invoke')).registerInvoke },
  { name: 'validate-policy', summary: 'check policy files and print every problem with its path', args: '<files...>', load: async () => (await import('./commands/validate-policy')).registerValidatePolicy },
  { name: 'local-cloud', summary: 'serve the emulated ECS, ENS and CBS snapshot APIs and print the base URL', load: async () => (await import('./commands/local-cloud')).registerLocalCloud },
];

/** The subcommand a command line names: its first word, or the one after `help`. */
export function chosenCommand(argv: readonly string[]): CommandEntry | undefined {
  const first = argv[0] === 'help' ? argv[1] : argv[0];
  return COMMANDS.find((c) => c.name === first);
}
