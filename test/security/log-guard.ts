/**
 * The log guard's state for one test file: every line the handlers logged (through the console, or
 * through a test's own capture that keeps them off the console) and every secret the tests sign with.
 * The setup file (log-guard.setup.ts) checks it after the file's last test.
 */
import { format } from 'node:util';
import { findLeaks } from './leaks';

const lines: string[] = [];
const secrets = new Set<string>();

/** Secrets a test holds (its seed's keys, a wrong key it signs with on purpose). */
export function registerTestSecrets(...values: ReadonlyArray<string | undefined>): void {
  for (const value of values) if (value) secrets.add(value);
}

export function testSecrets(): string[] {
  return [...secrets];
}

/** Lines a test captured itself (so they never reach the console) still go through the guard. */
export function recordLogLines(captured: readonly string[]): void {
  lines.push(...captured);
}

export function recordedLogText(): string {
  return lines.join('\n');
}

/** The guard's check: every leak in `text` (a test secret, a signature, a token, a signed URL). */
export function leaksIn(text: string): string[] {
  return findLeaks(text, testSecrets());
}

/** A mark in what was recorded, for `recordedSince`. */
export function recordedMark(): number {
  return lines.length;
}

export function recordedSince(mark: number): string {
  return lines.slice(mark).join('\n');
}

/**
 * Forgets what was recorded since `mark`. Only for the guard's own tests, which print a secret on
 * purpose to show it is caught: anything else that forgot would hide a leak.
 */
export function forgetRecordedSince(mark: number): void {
  lines.length = Math.min(lines.length, mark);
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
type ConsoleLike = Record<ConsoleMethod, (...args: unknown[]) => void>;

const METHODS: readonly ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];

/**
 * Wraps a console's methods so what they print is also recorded; they still print exactly as before.
 * Returns the function that puts the originals back.
 */
export function recordConsole(target: ConsoleLike): () => void {
  const originals = METHODS.map((m) => [m, target[m]] as const);
  for (const [method, original] of originals) {
    target[method] = (...args: unknown[]) => {
      lines.push(format(...args));
      original.apply(target, args);
    };
  }
  return () => {
    for (const [method, original] of originals) target[method] = original;
  };
}
