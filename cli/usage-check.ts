import type { Command, Option } from 'commander';
import { closestWord } from '../shared/closest-word';

/** The command's long option closest to `flag`, when it is close enough to be a typo of it. */
export function closestOption(command: Command, flag: string): string | undefined {
  const longs = [...command.options.map((o) => o.long), '--help'].filter((l): l is string => l !== undefined);
  // Compared without the dashes, so that the length of the name sets how far a typo may be.
  const name = closestWord(flag.replace(/^--/, ''), longs.map((l) => l.replace(/^--/, '')));
  return name === undefined ? undefined : `--${name}`;
}

function optionFor(command: Command, flag: string): Option | 'help' | undefined {
  if (flag === '--help' || flag === '-h') return 'help';
  return command.options.find((o) => o.long === flag || o.short === flag);
}

/**
 * The first option in `args` (a subcommand's arguments) that `command` does not define, reading them
 * as commander does: an option's value is the next argument (however it starts, when the value is
 * required), a variadic option takes the arguments up to the next option, and `--` ends the options.
 * Commander reports a missing mandatory option before an unknown one, so `plan --polcy p.json` would
 * otherwise be told that --policy is missing instead of that --polcy is a typo.
 */
export function firstUnknownOption(command: Command, args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return undefined;
    if (!arg.startsWith('-') || arg === '-') continue;
    const long = arg.startsWith('--');
    const flag = long ? arg.split('=')[0] as string : arg.slice(0, 2);
    const option = optionFor(command, flag);
    if (option === undefined) return flag;
    if (option === 'help' || (long ? arg.includes('=') : arg.length > 2)) continue;
    const takesNext = option.required || (option.optional && args[i + 1] !== undefined && !(args[i + 1] as string).startsWith('-'));
    if (!takesNext) continue;
    i += 1;
    while (option.variadic && args[i + 1] !== undefined && !(args[i + 1] as string).startsWith('-')) i += 1;
  }
  return undefined;
}
