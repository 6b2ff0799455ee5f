import type { Command, Option } from 'commander';

/** Edit distance with adjacent swaps (optimal string alignment): `--polcy` is one step from `--policy`. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The command's long option closest to `flag`, when it is close enough to be a typo of it. */
export function closestOption(command: Command, flag: string): string | undefined {
  let best: { long: string; d: number } | undefined;
  for (const long of [...command.options.map((o) => o.long), '--help']) {
    if (long === undefined) continue;
    const d = distance(flag, long);
    if (d <= Math.max(1, Math.floor((long.length - 2) / 3)) && (!best || d < best.d)) best = { long, d };
  }
  return best?.long;
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
