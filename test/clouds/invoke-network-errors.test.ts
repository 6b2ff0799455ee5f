/**
 * The invoke clients (FC 3.0 through @alicloud/fc20230330, FC 2.0 through @alicloud/fc2), driven for
 * real against endpoints that never answer properly: a refused connection, a reset, an unknown host and
 * a server that holds the request. Each is a transient CloudError (worth another try within the time
 * budget; the fan-out then defers the hand-over to the next tick), never a permanent refusal.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudError } from '../../shared/contracts/errors';
import { invokeFc2 } from '../../shared/clouds/invoke/fc2';
import { invokeFc3 } from '../../shared/clouds/invoke/fc3';
import type { InvokeTarget } from '../../shared/clouds/invoke/types';

const CREDENTIALS = { accessKeyId: 'STS.invoke-test', accessKeySecret: 'invoke-test-secret-0123', securityToken: 'invoke-test-token-0123456' };

let holding: Server;
let resetting: Server;
const url = (server: Server): URL => new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);

beforeAll(async () => {
  holding = createServer(() => undefined);
  resetting = createServer((req) => req.socket.destroy());
  await Promise.all([holding, resetting].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
});
afterAll(async () => {
  for (const s of [holding, resetting]) s.closeAllConnections();
  await Promise.all([holding, resetting].map((s) => new Promise((resolve) => s.close(resolve))));
});

const ENDPOINTS: Array<[string, () => URL, RegExp]> = [
  ['a refused connection', () => new URL('http://127.0.0.1:1'), /^NetworkError\.ConnectionRefused$/],
  ['an unknown host', () => new URL('http://no-such-host.invalid'), /^NetworkError\.UnknownHost$/],
  ['a reset connection', () => url(resetting), /^NetworkError$/],
  ['a server that never answers', () => url(holding), /^Timeout$/],
];

async function failure(call: () => Promise<unknown>): Promise<CloudError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(CloudError);
    return error as CloudError;
  }
  throw new Error('the call was expected to fail');
}

const target = (endpoint: URL): InvokeTarget => ({
  functionName: 'snapshot-replicator-ecs',
  region: 'cn-hangzhou',
  accountId: '1000000000000000',
  service: 'snapshot-replicator',
  endpoint,
  async: true,
  payload: '{"action":"sweep"}',
  timeoutMs: 700,
});

describe.each(ENDPOINTS)('invoking through %s', (_what, endpoint, code) => {
  it('FC 3.0: a transient network failure with its own code', async () => {
    const error = await failure(() => invokeFc3(target(endpoint()), CREDENTIALS));
    expect(error.code).toMatch(code);
    expect(error.errorClass).toBe('transient');
    expect(error.service).toBe('fc3');
  });

  it('FC 2.0: the same', async () => {
    const error = await failure(() => invokeFc2(target(endpoint()), CREDENTIALS));
    expect(error.code).toMatch(code);
    expect(error.errorClass).toBe('transient');
  });
});
