import { BudgetExhausted } from '../shared/contracts/errors';
import { reportInterrupts } from './interrupt';
import type { Output } from './output';

export interface ActionOptions {
  /**
   * What an interruption means for this command, printed after what was done. Ctrl-C and SIGTERM are
   * reported and end the command with 130 or 143 unless `interrupts` is false (a command that stops
   * on them by itself, like local-cloud).
   */
  afterInterrupt?: string;
  interrupts?: boolean;
}

/**
 * Runs a command's work and turns its answer or its failure into the exit code; nothing a command
 * throws escapes as a stack trace.
 */
export async function runAction(output: Output, work: () => Promise<number>, options: ActionOptions = {}): Promise<void> {
  const release = options.interrupts === false ? () => undefined : reportInterrupts(output, options.afterInterrupt);
  try {
    process.exitCode = await work();
  } catch (error) {
    process.exitCode = output.failure(error);
    if (error instanceof BudgetExhausted) output.note('The command ran out of time before the clouds answered; give it longer with --timeout SECONDS.');
  } finally {
    release();
  }
}
