import type { Output } from './output';

/**
 * Runs a command's work and turns its answer or its failure into the exit code; nothing a command
 * throws escapes as a stack trace.
 */
export async function runAction(output: Output, work: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await work();
  } catch (error) {
    process.exitCode = output.failure(error);
  }
}
