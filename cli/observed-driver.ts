import type { CloudDriver, CopyCall, CopyCallResult } from '../shared/contracts/driver';
import type { Snapshot } from '../shared/contracts/snapshot';

export interface DriverObserver {
  /** After each successful listing: what it answered. */
  listed?(region: string, snapshots: readonly Snapshot[]): void;
  /** After each successful call of any kind (the progress bar's tick). */
  called?(): void;
  /** After each answered copy call: what it started. */
  copied?(call: CopyCall, results: readonly CopyCallResult[]): void;
}

/** The same driver, telling an observer what it listed and when it made progress. */
export function observeDriver(driver: CloudDriver, observer: DriverObserver): CloudDriver {
  const after = async <T>(call: Promise<T>): Promise<T> => {
    const value = await call;
    observer.called?.();
    return value;
  };
  return {
    cloud: driver.cloud,
    capabilities: driver.capabilities,
    copyLimit: driver.copyLimit,
    get callCount() {
      return driver.callCount;
    },
    listSnapshots: async (region, hint, page) => {
      const snapshots = await driver.listSnapshots(region, hint, page);
      observer.listed?.(region, snapshots);
      observer.called?.();
      return snapshots;
    },
    validate: (call) => driver.validate(call),
    copy: async (call, limits) => {
      const results = await after(driver.copy(call, limits));
      observer.copied?.(call, results);
      return results;
    },
    setDeadline: (region, id, ms, limits) => after(driver.setDeadline(region, id, ms, limits)),
    deleteSnapshot: (region, id, limits) => after(driver.deleteSnapshot(region, id, limits)),
    createSnapshot: (region, diskId, name, limits) => after(driver.createSnapshot(region, diskId, name, limits)),
  };
}
