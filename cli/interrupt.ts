/**
 * Ctrl-C (SIGINT) and SIGTERM while a command works: the progress bar is stopped, which gives the
 * terminal back its cursor and line wrap; what was done is printed (one JSON document with --json);
 * and the command exits 130 (SIGINT) or 143 (SIGTERM), the shell's 128 + signal number.
 */
import type { CopyCall, CopyCallResult } from '../shared/contracts/driver';
import { EXIT } from './exit-codes';
import type { Output } from './output';
import { progressState, stopProgress, type ProgressState } from './progress';

export interface StartedCopy {
  sourceSnapshotId: string;
  sourceRegion: string;
  destinationRegion: string;
  copySnapshotId: string;
}

/** Copies the running command has started, as the clouds answered them. */
const started: StartedCopy[] = [];

/** Notes the copies a copy call started (a driver observer calls it after each answered call). */
export function recordCopies(call: CopyCall, results: readonly CopyCallResult[]): void {
  for (const r of results) {
    if (r.ok) started.push({ sourceSnapshotId: call.source.snapshotId, sourceRegion: call.source.region, destinationRegion: r.destinationRegion, copySnapshotId: r.copySnapshotId });
  }
}

/** The copies recorded so far, as the interruption report lists them. */
export function startedCopies(): StartedCopy[] {
  return started.map((c) => ({ ...c }));
}

export interface InterruptReport {
  signal: 'SIGINT' | 'SIGTERM';
  /** The stage the command was in (its progress label), if it had started one. */
  during?: string;
  callsAnswered: number;
  copiesStarted: StartedCopy[];
}

const SIGNAL_WORDS = { SIGINT: 'interrupted (Ctrl-C)', SIGTERM: 'stopped (SIGTERM)' } as const;

export function interruptText(report: InterruptReport, afterword: string | undefined): string {
  const stage = report.during ? ` while ${report.during.toLowerCase()}` : '';
  const lines = [`${SIGNAL_WORDS[report.signal]}${stage}, after ${report.callsAnswered} answered API ${report.callsAnswered === 1 ? 'call' : 'calls'}.`];
  if (report.copiesStarted.length > 0) {
    lines.push('Copies started before that:');
    for (const c of report.copiesStarted) lines.push(`  ${c.sourceSnapshotId} ${c.sourceRegion} → ${c.destinationRegion}: ${c.copySnapshotId}`);
  }
  if (afterword) lines.push(afterword);
  return lines.join('\n');
}

function reportOf(signal: InterruptReport['signal'], state: ProgressState | undefined): InterruptReport {
  return { signal, ...(state?.label ? { during: state.label } : {}), callsAnswered: state?.done ?? 0, copiesStarted: startedCopies() };
}

/**
 * Until the returned function is called, SIGINT and SIGTERM end the command as described above.
 * `afterword` says what an interruption means for this command (a copy call in flight may still start
 * its copy; a plan changes nothing).
 */
export function reportInterrupts(output: Output, afterword?: string): () => void {
  const handle = (signal: InterruptReport['signal']): void => {
    const barWasShowing = stopProgress();
    const report = reportOf(signal, progressState());
    const text = interruptText(report, afterword);
    const code = signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
    const done = (): void => process.exit(code);
    if (output.json) {
      const answer = { ok: false, interrupted: report, error: { code: 'Interrupted', message: text.split('\n')[0] } };
      process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`, done);
    } else {
      // On a terminal, the ^C the terminal echoed ends a line of its own unless the bar's line was cleared.
      const newline = process.stderr.isTTY === true && !barWasShowing ? '\n' : '';
      process.stderr.write(`${newline}${text}\n`, done);
    }
    // A stream that never drains must not keep an interrupted command alive.
    setTimeout(done, 1_000).unref();
  };
  const onInt = (): void => handle('SIGINT');
  const onTerm = (): void => handle('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}
