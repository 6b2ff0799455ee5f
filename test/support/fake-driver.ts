import type { CloudDriver, DriverCapabilities } from '../../shared/contracts/driver';

/** The facts of an ECS-like cloud: one destination per call, retry-safe, retention on the call. */
export const ECS_LIKE: DriverCapabilities = {
  destinationsPerCall: 'one',
  copyRetrySafe: true,
  oneCopyPerDiskAndDestination: true,
  retention: 'copy-parameter',
  answersMayNameGoneCopies: false,
  takesSnapshots: false,
};

const refuse = (what: string) => async (): Promise<never> => {
  throw new Error(`a test driver was asked to ${what}`);
};

/** A driver for engine tests: what the test gives, and upkeep methods that fail the test if called. */
export function fakeDriver(parts: Pick<CloudDriver, 'listSnapshots' | 'copy'> & Partial<CloudDriver>): CloudDriver {
  return {
    cloud: 'aliyun-ecs',
    capabilities: ECS_LIKE,
    copyLimit: { limit: 100_000, windowMs: 1000 },
    callCount: 0,
    validate: () => [],
    setDeadline: refuse('set a deadline'),
    deleteSnapshot: refuse('delete a snapshot'),
    createSnapshot: refuse('take a snapshot'),
    ...parts,
  };
}
