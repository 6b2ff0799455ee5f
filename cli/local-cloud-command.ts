import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startLocalCloud } from '../local-cloud/index';
import type { Seed } from '../local-cloud/seed';

export const LOCAL_CLOUD_HELP = `Usage: snapshot-replicator local-cloud [--port N] [--seed FILE]

Serves emulated Alibaba ECS, ENS and Tencent CBS snapshot APIs on one base URL, checking real
signatures against the seed's keys. Without --seed, a small example seed is used.

Options:
  --port N      port to listen on (default: a free one)
  --seed FILE   a JSON seed (see README: the local cloud)
  -h, --help    show this help

Point the functions at it with ALIYUN_ECS_ENDPOINT, ALIYUN_ENS_ENDPOINT and TENCENT_CBS_ENDPOINT.`;

/** `snapshot-replicator local-cloud`: runs until interrupted. Answers the exit code on bad usage. */
export async function localCloudCommand(argv: string[]): Promise<number | undefined> {
  let values: { port?: string; seed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${LOCAL_CLOUD_HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(LOCAL_CLOUD_HELP);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, got ${values.port}`);
    return 2;
  }
  let seed: Seed | undefined;
  if (values.seed !== undefined) {
    try {
      seed = JSON.parse(readFileSync(values.seed, 'utf8')) as Seed;
    } catch (error) {
      console.error(`cannot read the seed ${values.seed}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
  }
  const cloud = await startLocalCloud({ port, ...(seed ? { seed } : {}) });
  console.log(cloud.url);
  const stop = (): void => {
    void cloud.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}
