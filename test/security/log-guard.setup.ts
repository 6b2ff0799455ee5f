/**
 * Runs before every test file (vitest.config.ts setupFiles): records what the file's tests log (and,
 * through test/support/guarded-child.ts, what the child processes they start print), and after its
 * last test fails the file if any line holds a test secret, a signature, a security token or a signed
 * URL. Nothing new is printed: the console still prints what it printed before.
 */
import { afterAll, expect } from 'vitest';
import { leaksIn, recordConsole, recordedLogText, registerTestSecrets } from './log-guard';
import { seedSecrets } from './seed-secrets';
import { childrenSettled } from '../support/guarded-child';

registerTestSecrets(...seedSecrets());
const restore = recordConsole(console);

afterAll(async () => {
  // What a child still running has printed is checked too.
  await childrenSettled(5_000);
  restore();
  expect(leaksIn(recordedLogText()), 'secrets or signed requests in the logs of this file').toEqual([]);
});
