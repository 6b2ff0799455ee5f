import { localCloudCommand } from './local-cloud-command';

const HELP = `Usage: snapshot-replicator <command> [options]

Commands:
  local-cloud   serve the emulated ECS, ENS and CBS snapshot APIs

Run 'snapshot-replicator <command> --help' for a command's options.`;

/** Exit codes: 0 done, 2 bad usage. */
async function main(argv: string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'local-cloud':
      return localCloudCommand(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(HELP);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
