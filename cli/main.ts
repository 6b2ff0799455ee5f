/**
 * `snapshot-replicator`: plan, status, copy, invoke, validate-policy, local-cloud.
 * Exit codes: 0 ok; 1 the work found problems; 2 bad usage or invalid policy/config; 3 cloud or auth
 * error; 130 interrupted (143 on SIGTERM).
 */
import { Command, CommanderError } from 'commander';
import { chosenCommand, COMMANDS } from './command-list';
import { EXIT, EXIT_CODES_HELP } from './exit-codes';
import { closestOption, firstUnknownOption } from './usage-check';

// `snapshot-replicator plan ... | head` closes the pipe early: that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

/** Whether the command line asks for JSON: then even a usage error is answered as one JSON document on stdout. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

async function buildProgram(argv: readonly string[], json: boolean): Promise<Command> {
  const program = new Command('snapshot-replicator')
    .description('Replicate disk snapshots across regions and edge nodes (Alibaba ECS and ENS, Tencent CBS): plan, check, copy, invoke.')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Every command takes --help; commands that print results take --json.
Endpoints: ALIYUN_ECS_ENDPOINT, ALIYUN_ENS_ENDPOINT, TENCENT_CBS_ENDPOINT, and for the policy's
accounts ALIYUN_STS_ENDPOINT, TENCENT_STS_ENDPOINT (as for the functions).

${EXIT_CODES_HELP}`,
    );
  // With --json, commander's error text is kept for the JSON answer instead of going to stderr.
  if (json) program.configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  // Only the command that runs is loaded; the others are listed by name for the help and for typos.
  // Registered through program.command() so each subcommand inherits exitOverride and the help settings.
  const chosen = chosenCommand(argv);
  for (const entry of COMMANDS) {
    if (entry === chosen) (await entry.load())(program);
    else {
      const stub = program.command(entry.name).summary(entry.summary);
      if (entry.args) stub.argument(entry.args);
    }
  }
  return program;
}

async function main(argv: string[]): Promise<number | undefined> {
  const json = wantsJson(argv);
  const program = await buildProgram(argv, json);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    const chosen = chosenCommand(argv);
    const command = chosen && argv[0] === chosen.name ? program.commands.find((c) => c.name() === chosen.name) : undefined;
    const unknown = command ? firstUnknownOption(command, argv.slice(1)) : undefined;
    if (command && unknown !== undefined) {
      const like = unknown.startsWith('--') ? closestOption(command, unknown) : undefined;
      command.error(`error: unknown option '${unknown}'${like ? `\n(Did you mean ${like}?)` : ''}`, { code: 'commander.unknownOption', exitCode: EXIT.usage });
    }
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    // --help and --version end as "errors" with exit code 0; every other commander error is bad usage.
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return EXIT.ok;
    if (json) {
      const message = error.message.replace(/^error: /, '').replace(/\n/g, ' ');
      process.stdout.write(`${JSON.stringify({ ok: false, error: { code: 'InvalidUsage', message } }, null, 2)}\n`);
    }
    return EXIT.usage;
  }
  return undefined;
}

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
// SDK keep-alive sockets must not hold a finished command open; an unref'd timer never holds it either.
setTimeout(() => process.exit(), 500).unref();
