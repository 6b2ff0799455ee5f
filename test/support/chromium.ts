/**
 * Headless Chromium from Debian's `chromium` package, for tests that render a page the command wrote.
 * `.ci/run` installs it; on a developer's machine without it those tests are skipped, in CI they fail.
 * The flags keep it off the network entirely (this machine has none, and a page must need none).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const chromiumPath: string | undefined = CANDIDATES.find((p) => existsSync(p));

/** In CI a missing browser is a failure, not a skip: the render test must run somewhere. */
export const chromiumRequired = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--hide-scrollbars',
];

/** Runs Chromium on a local file with extra arguments (--dump-dom, --screenshot=...); resolves with its stdout. */
export function chromium(file: string, args: readonly string[], timeoutMs = 60_000): Promise<string> {
  if (!chromiumPath) throw new Error('chromium is not installed (Debian: apt-get install chromium)');
  const profile = mkdtempSync(join(tmpdir(), 'srep-chromium-'));
  return new Promise<string>((resolve, reject) => {
    execFile(chromiumPath as string, [...FLAGS, `--user-data-dir=${profile}`, ...args, pathToFileURL(file).href], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      rmSync(profile, { recursive: true, force: true });
      if (error) reject(new Error(`chromium failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}
