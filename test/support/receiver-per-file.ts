import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startReceiver, type Receiver } from '../notify/receiver';

/**
 * One stand-in robot for a test file: started before its tests, closed after them, and emptied, set to
 * accept and to require no signature before each test. Like localCloudPerFile, what it returns stands
 * for the robot once the file's tests run.
 */
export function receiverPerFile(): Receiver {
  let started: Receiver | undefined;
  beforeAll(async () => {
    started = await startReceiver();
  });
  afterAll(async () => started?.close());
  beforeEach(() => {
    const robot = current();
    robot.received.length = 0;
    robot.behave('accept');
    robot.requireSignature(undefined);
  });
  function current(): Receiver {
    if (!started) throw new Error('the robot is started in beforeAll: use it inside tests and hooks');
    return started;
  }
  return new Proxy({} as Receiver, {
    get(_target, key) {
      const robot = current();
      const value: unknown = Reflect.get(robot, key);
      return typeof value === 'function' ? value.bind(robot) : value;
    },
  });
}
