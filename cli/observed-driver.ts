import type { CloudDriver, CopyCall, CopyCallResult } from '../shared/engine/cloud-driver';
import type { Snapshot } from '../shared/snapshot';

export interface DriverObserver {
  /** After each successful listing: what it answered. */
  listed?(region: string, snapshots: readonly Snapshot[]): void;
  /** After each successful call of any kind (the progress bar's tick). */
  called?(): void;
  /** After each answered copy call: what it started. */
  copied?(call: CopyCall, results: readonly CopyCallResult[]): void;
}

/**
 * The same driver, telling an observer what it listed and when it made progress. The optional
 * methods are passed on only when the driver has them: the engine reads their presence as a fact
 * of the cloud (a setDeadline means retention by deadline).
 */
export function observeDriver(driver: CloudDriver, observer: DriverObserver): CloudDriver {
  const after = async <T>(call: Promise<T>): Promise<T> => {
    const value = await call;
    observer.called?.();
    return value;
  };
  const { setDeadline, deleteSnapshot, createSnapshot } = driver;
  return {
    cloud: driver.cloud,
    destinationsPerCall: driver.destinationsPerCall,
    copyRetrySafe: driver.copyRetrySafe,
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
    copy: async (call) => {
      const results = await after(driver.copy(call));
      observer.copied?.(call, results);
      return results;
    },
    ...(setDeadline ? { setDeadline: (region: string, id: string, ms: number) => after(setDeadline.call(driver, region, id, ms)) } : {}),
    ...(deleteSnapshot ? { deleteSnapshot: (region: string, id: string) => after(deleteSnapshot.call(driver, region, id)) } : {}),
    ...(createSnapshot ? { createSnapshot: (region: string, diskId: string, name: string) => after(createSnapshot.call(driver, region, diskId, name)) } : {}),
  };
}
