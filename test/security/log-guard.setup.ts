/**
 * Runs before every test file (vitest.config.ts setupFiles): records what the file's tests log, and
 * after its last test fails the file if any line holds a test secret, a signature, a security token or
 * a signed URL. Nothing new is printed: the console still prints what it printed before.
 */
import { afterAll, expect } from 'vitest';
import { findLeaks } from './leaks';
import { recordConsole, recordedLogText, registerTestSecrets, testSecrets } from './log-guard';
import { seedSecrets } from './seed-secrets';

registerTestSecrets(...seedSecrets());
const restore = recordConsole(console);

afterAll(() => {
  restore();
  expect(findLeaks(recordedLogText(), testSecrets()), 'secrets or signed requests in the logs of this file').toEqual([]);
});
