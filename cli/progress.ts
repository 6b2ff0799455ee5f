import { Presets, SingleBar } from 'cli-progress';

/** A count of calls done out of calls expected; the total grows if the work turns out larger. */
export interface Progress {
  start(total: number, label: string): void;
  tick(): void;
  stop(): void;
}

const QUIET: Progress = { start: () => undefined, tick: () => undefined, stop: () => undefined };

/**
 * A bar only for a person watching: both streams on a terminal and no --json. Piped or captured
 * output never gets the bar's escape codes.
 */
export function progressEnabled(opts: { json: boolean; stdoutIsTTY: boolean | undefined; stderrIsTTY: boolean | undefined }): boolean {
  return !opts.json && opts.stdoutIsTTY === true && opts.stderrIsTTY === true;
}

export function createProgress(json: boolean): Progress {
  if (!progressEnabled({ json, stdoutIsTTY: process.stdout.isTTY, stderrIsTTY: process.stderr.isTTY })) return QUIET;
  const bar = new SingleBar(
    { format: '{label} [{bar}] {value}/{total} calls', stream: process.stderr, clearOnComplete: true, hideCursor: true },
    Presets.shades_classic,
  );
  let value = 0;
  let total = 0;
  let running = false;
  return {
    start(expected, label) {
      total = Math.max(1, expected);
      value = 0;
      bar.start(total, 0, { label });
      running = true;
    },
    tick() {
      if (!running) return;
      value += 1;
      if (value > total) {
        total = value;
        bar.setTotal(total);
      }
      bar.update(value);
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
