/**
 * The command on a pseudo-terminal, through util-linux `script` (in Debian's bsdutils, which every
 * Debian system has; .ci/run installs it where it is missing): stdout and stderr are a terminal, as
 * for a person at one, and what the test writes is typed on it (`\x03` is Ctrl-C, which the terminal
 * turns into SIGINT for the command).
 */
import { spawn, spawnSync } from 'node:child_process';
import { watchChild } from '../support/guarded-child';
import { BIN, childEnv, ROOT, type CliRun, type Env } from './harness';

export interface TerminalRun {
  /** Everything the terminal showed so far, escape sequences included. */
  screen(): string;
  type(text: string): void;
  done: Promise<CliRun>;
}

/** Whether `script` is on the PATH; the terminal tests need it. */
export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function startOnTerminal(args: string[], env: Env, home: string, size = { columns: 100, rows: 30 }): TerminalRun {
  // The terminal gets a size first: a pseudo-terminal starts with none.
  const command = `stty cols ${size.columns} rows ${size.rows} && exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    cwd: ROOT,
    env: { ...childEnv(env, home), SHELL: '/bin/sh', TERM: 'xterm' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // What the terminal showed goes through the log guard like any log line.
  const watched = watchChild(child);
  const done = watched.done.then(({ code, stdout, stderr }): CliRun => ({ code, stdout, stderr }));
  return { screen: () => watched.output().stdout, type: (text) => void child.stdin.write(text), done };
}
