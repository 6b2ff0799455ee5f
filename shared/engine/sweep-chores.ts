import type { Rule } from '../contracts/policy';
import type { Snapshot } from '../contracts/snapshot';
import type { RetryDeps } from './call-with-retry';
import type { CloudDriver, DriverCapabilities } from '../contracts/driver';
import type { LineageReader } from './lineage';
import type { ChoreResult } from '../contracts/results';
/** Upkeep planned beside a sweep's copies, carried out after them or answered as planned on a dry run. */
export interface PlannedChores {
  /** What a dry run answers: each chore as `planned` (or already decided). */
  planned(): ChoreResult[];
  execute(driver: CloudDriver, deps: RetryDeps): Promise<ChoreResult[]>;
}

/**
 * Chores a sweep plans from what it listed (ENS: scheduled snapshots and pruning). A run gets them
 * from whoever wires it, so a function whose cloud has none does not carry their code.
 */
export interface SweepChores {
  plan(rules: readonly Rule[], snapshots: readonly Snapshot[], lineage: LineageReader, nowMs: number, capabilities: DriverCapabilities): PlannedChores;
}
