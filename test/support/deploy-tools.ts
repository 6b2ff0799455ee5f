/**
 * Runs the pinned deploy tools' own loaders on the deploy files, offline:
 * - Serverless Devs (`s preview`) renders s.yaml exactly as `s deploy` would hand it to fc3;
 * - the Serverless Components CLI's Tencent loader (the one `components deploy` calls) resolves
 *   serverless.yml into the inputs the scf component receives.
 * Each runs in a child process with a hard timeout, a throwaway HOME (no user's keys or settings),
 * the tools' update checks and reports switched off, and no-network.mjs preloaded so that any
 * attempt to reach a network fails instead of waiting.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recordChildOutput } from './guarded-child';

const root = resolve(import.meta.dirname, '../..');
const TOOL_TIMEOUT_MS = 60_000;

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runNode(args: string[], env: Record<string, string>): ToolRun {
  const home = mkdtempSync(join(tmpdir(), 'deploy-tool-home-'));
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: TOOL_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      // Serverless Devs starts no update-check or report daemons under NODE_ENV=test.
      NODE_ENV: 'test',
      // The Serverless Components CLI: no telemetry, Tencent's commands whatever the time zone.
      SLS_TELEMETRY_DISABLED: '1',
      SERVERLESS_PLATFORM_VENDOR: 'tencent',
      NODE_OPTIONS: `--import=${pathToFileURL(resolve(root, 'test/support/no-network.mjs')).href}`,
      NO_COLOR: '1',
      ...env,
    },
  });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new Error(`${args.join(' ')} did not finish within ${TOOL_TIMEOUT_MS} ms (waiting on a network?)`);
  }
  recordChildOutput(run);
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `s preview -o json` of a template: the rendered document, or the tool's refusal. */
export function previewSYaml(env: Record<string, string>, template = 's.yaml'): ToolRun & { rendered?: Record<string, unknown> } {
  const run = runNode([resolve(root, 'node_modules/@serverless-devs/s/bin/s'), 'preview', '-o', 'json', '-t', template], env);
  // Serverless Devs prints a warning line (running as root) before the JSON on some machines.
  const start = run.stdout.indexOf('\n{');
  const json = run.stdout.startsWith('{') ? run.stdout : start >= 0 ? run.stdout.slice(start + 1) : '';
  return run.status === 0 ? { ...run, rendered: JSON.parse(json) as Record<string, unknown> } : run;
}

/**
 * serverless.yml as the Components CLI's Tencent loader resolves it for `components deploy`:
 * `${env:...}` variables, `--stage`, `src` made absolute. `--org` is given so the loader does not ask
 * Tencent for the account's id.
 */
export function loadServerlessYml(env: Record<string, string>, args: string[] = []): ToolRun & { instance?: Record<string, unknown> } {
  const loader = resolve(root, 'node_modules/@serverless/components/src/cli/commands-cn/utils.js');
  const script = `require(${JSON.stringify(loader)}).loadInstanceConfig(process.cwd(), 'deploy')
    .then((c) => process.stdout.write(JSON.stringify(c)), (e) => { process.stderr.write(String(e && e.message)); process.exit(1); });`;
  // With -e, argv[1] is the first word: 'deploy' stands where the CLI's own command would.
  const run = runNode(['-e', script, 'deploy', '--org', '1250000000', ...args], env);
  return run.status === 0 ? { ...run, instance: JSON.parse(run.stdout) as Record<string, unknown> } : run;
}
