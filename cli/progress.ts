import { Presets, SingleBar } from 'cli-progress';

/** A count of calls done out of calls expected; the total grows if the work turns out larger. */
export interface Progress {
  start(total: number, label: string): void;
  tick(): void;
  stop(): void;
}

/** Where the command's work stands: what an interrupted command reports. */
export interface ProgressState {
  label: string | undefined;
  done: number;
  total: number;
}

/**
 * A bar only for a person watching: both streams on a terminal and no --json. Piped or captured
 * output never gets the bar's escape codes.
 */
export function progressEnabled(opts: { json: boolean; stdoutIsTTY: boolean | undefined; stderrIsTTY: boolean | undefined }): boolean {
  return !opts.json && opts.stdoutIsTTY === true && opts.stderrIsTTY === true;
}

/** The progress of the running command (one per process), counted whether a bar is shown or not. */
let current: { state: ProgressState; stop(): void; bar: SingleBar | undefined } | undefined;

/** Where the running command stands, if it has started counting. */
export function progressState(): ProgressState | undefined {
  return current ? { ...current.state } : undefined;
}

/**
 * Stops the bar of the running command, which gives the terminal back its cursor and line wrap and
 * leaves the cursor at the start of an empty line; answers whether a bar was showing.
 */
export function stopProgress(): boolean {
  const showing = current?.bar?.isActive === true;
  current?.stop();
  return showing;
}

/** Writes a line to stderr above the bar, if one is shown; the bar redraws itself below it. */
export function noteAboveProgress(line: string): void {
  if (current?.bar !== undefined && current.bar.isActive) process.stderr.write(`\r\u001b[K${line}\n`);
  else process.stderr.write(`${line}\n`);
}

/** The bar takes what the terminal leaves beside its label and counts (about 40 cells on 80 columns). */
function barSize(): number {
  const columns = process.stderr.columns;
  return typeof columns === 'number' && columns > 0 ? Math.max(10, Math.min(40, columns - 40)) : 40;
}

export function createProgress(json: boolean): Progress {
  const state: ProgressState = { label: undefined, done: 0, total: 0 };
  const bar = progressEnabled({ json, stdoutIsTTY: process.stdout.isTTY, stderrIsTTY: process.stderr.isTTY })
    ? new SingleBar({ format: '{label} [{bar}] {value}/{total} calls', stream: process.stderr, clearOnComplete: true, hideCursor: true, barsize: barSize() }, Presets.shades_classic)
    : undefined;
  let running = false;
  const stop = (): void => {
    if (running) bar?.stop();
    running = false;
  };
  current = { state, stop, bar };
  return {
    start(expected, label) {
      state.total = Math.max(1, expected);
      state.done = 0;
      state.label = label;
      bar?.start(state.total, 0, { label });
      running = true;
    },
    tick() {
      if (!running) return;
      state.done += 1;
      if (state.done > state.total) {
        state.total = state.done;
        bar?.setTotal(state.total);
      }
      bar?.update(state.done);
    },
    stop,
  };
}
