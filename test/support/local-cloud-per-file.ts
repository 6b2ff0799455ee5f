import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startLocalCloud, type LocalCloud, type Seed } from '../../local-cloud/index';

/**
 * One local cloud for a test file: started before its tests, closed after them, and put back to
 * `seed()` before each test (unless `resetEachTest` is false: the file's tests then build on each
 * other's state), then handed to `eachTest` (to point the handlers at it, say).
 * What it returns stands for that cloud; use it inside tests and hooks, once the file's tests run.
 */
export function localCloudPerFile(seed: () => Seed, eachTest?: (cloud: LocalCloud) => void, options: { resetEachTest?: boolean } = {}): LocalCloud {
  let started: LocalCloud | undefined;
  beforeAll(async () => {
    started = await startLocalCloud({ seed: seed() });
  });
  afterAll(async () => started?.close());
  beforeEach(() => {
    const cloud = current();
    if (options.resetEachTest ?? true) cloud.reset(seed());
    eachTest?.(cloud);
  });
  function current(): LocalCloud {
    if (!started) throw new Error('the local cloud is started in beforeAll: use it inside tests and hooks');
    return started;
  }
  // Each property is read from the started cloud when used, so the file can hold this from its top.
  return new Proxy({} as LocalCloud, {
    get(_target, key) {
      const cloud = current();
      const value: unknown = Reflect.get(cloud, key);
      return typeof value === 'function' ? value.bind(cloud) : value;
    },
  });
}
