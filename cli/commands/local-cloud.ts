import { InvalidArgumentError, type Command } from 'commander';
import { startLocalCloud } from '../../local-cloud/index';
import type { Seed } from '../../local-cloud/seed';
import { seedProblems } from '../seed-check';
import { InputError } from '../../shared/contracts/errors';
import { runAction } from '../action';
import { EXIT_CODES_HELP } from '../exit-codes';
import { Output } from '../output';
import { parseJsonText, readTextFile, TextInputError } from '../text-input';

interface LocalCloudOptions {
  port: number;
  seed?: string;
}

const HELP = `
Serves emulated Alibaba ECS, ENS and Tencent CBS snapshot APIs on one base URL and prints it
(http://127.0.0.1:PORT), checking real signatures against the seed's keys. Without --seed, a small
example seed is used. Runs until interrupted.

Point the functions and this command at it with ALIYUN_ECS_ENDPOINT, ALIYUN_ENS_ENDPOINT and
TENCENT_CBS_ENDPOINT, and use the seed's keys as credentials.

Examples:
  $ snapshot-replicator local-cloud --port 8800 --seed examples/local-cloud-seed.json &
  $ curl -s http://127.0.0.1:8800/_admin/state

${EXIT_CODES_HELP}`;

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('must be a whole number from 0 to 65535');
  return n;
}

/** A seed file is at most this big: seeds describe a few hundred snapshots, not a real account. */
const MAX_SEED_BYTES = 16 * 1024 * 1024;

/** The seed in `file`, with every problem named by its path before the local cloud starts. */
function readSeed(file: string): Seed {
  let seed: unknown;
  try {
    seed = parseJsonText(readTextFile(file, MAX_SEED_BYTES));
  } catch (error) {
    if (!(error instanceof TextInputError)) throw error;
    throw new InputError('InvalidConfiguration', [{ field: file, rule: `cannot be read as a JSON seed: it ${error.rule}` }]);
  }
  const problems = seedProblems(seed);
  if (problems.length > 0) throw new InputError('InvalidConfiguration', problems);
  return seed as Seed;
}

/** Resolves once the cloud has been stopped by SIGINT or SIGTERM. */
async function serve(opts: LocalCloudOptions): Promise<number> {
  const seed = opts.seed !== undefined ? readSeed(opts.seed) : undefined;
  let cloud;
  try {
    cloud = await startLocalCloud({ port: opts.port, ...(seed ? { seed } : {}) });
  } catch (error) {
    // A seed the emulator refuses is bad configuration; a port in use is too.
    throw new InputError('InvalidConfiguration', [{ field: opts.seed ?? '--port', rule: `cannot start the local cloud: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  process.stdout.write(`${cloud.url}\n`);
  const running = cloud;
  await new Promise<void>((resolve) => {
    const stop = (): void => void running.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

export function registerLocalCloud(program: Command): void {
  program
    .command('local-cloud')
    .summary('serve the emulated ECS, ENS and CBS snapshot APIs and print the base URL')
    .description('Serve the emulated ECS, ENS and CBS snapshot APIs on one base URL and print it.')
    .option('--port <n>', 'port to listen on (default: a free one)', port, 0)
    .option('--seed <file>', 'a JSON seed (see the README: the local cloud)')
    .addHelpText('after', HELP)
    .action(async (opts: LocalCloudOptions) => {
      // It stops on SIGINT and SIGTERM by itself: that is how it is meant to end.
      await runAction(new Output(false), () => serve(opts), { interrupts: false });
    });
}
