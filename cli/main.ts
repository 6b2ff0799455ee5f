/**
 * `snapshot-replicator`: plan, status, copy, invoke, validate-policy, local-cloud.
 * Exit codes: 0 ok; 1 the work found problems; 2 bad usage or invalid policy/config; 3 cloud or auth error.
 */
import { Command, CommanderError } from 'commander';
import { registerCopy } from './commands/copy';
import { registerInvoke } from './commands/invoke';
import { registerLocalCloud } from './commands/local-cloud';
import { registerPlan } from './commands/plan';
import { registerStatus } from './commands/status';
import { registerValidatePolicy } from './commands/validate-policy';
import { EXIT, EXIT_CODES_HELP } from './exit-codes';

// `snapshot-replicator plan ... | head` closes the pipe early: that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const program = new Command('snapshot-replicator')
  .description('Replicate disk snapshots across regions and edge nodes (Alibaba ECS and ENS, Tencent CBS): plan, check, copy, invoke.')
  .exitOverride()
  .showHelpAfterError('(add --help for usage)')
  .addHelpText(
    'after',
    `
Every command takes --help; commands that print results take --json.
Endpoints: ALIYUN_ECS_ENDPOINT, ALIYUN_ENS_ENDPOINT, TENCENT_CBS_ENDPOINT (as for the functions).

${EXIT_CODES_HELP}`,
  );

// Registered through program.command() so each subcommand inherits exitOverride and the help settings.
registerPlan(program);
registerStatus(program);
registerCopy(program);
registerInvoke(program);
registerValidatePolicy(program);
registerLocalCloud(program);

async function main(argv: string[]): Promise<number | undefined> {
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    // --help and --version end as "errors" with exit code 0; every other commander error is bad usage.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  return undefined;
}

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
// SDK keep-alive sockets must not hold a finished command open; an unref'd timer never holds it either.
setTimeout(() => process.exit(), 500).unref();
