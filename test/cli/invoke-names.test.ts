import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { keyEnv, ROOT, runCli, tempHome } from './harness';

const { home, cleanup } = tempHome();

/** What an FC 2.0 URL answers when it is not FC 2.0's: a proxy's page, or another API's error. */
let notFc: Server;
let notFcUrl: string;

beforeAll(async () => {
  notFc = createServer((req, res) => {
    if (req.url?.includes('/services/gateway/')) {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>502 Bad Gateway</body></html>');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Code: 'NotFound', Message: 'no such path' }));
  });
  await new Promise<void>((resolve) => notFc.listen(0, '127.0.0.1', resolve));
  notFcUrl = `http://127.0.0.1:${(notFc.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => notFc.close(() => resolve()));
  cleanup();
});

/** The functions the repository deploys: s.yaml (FC 3.0) and serverless.yml (SCF). */
function deployedFunctions(): string[] {
  const fc = parse(readFileSync(join(ROOT, 's.yaml'), 'utf8')) as { resources: Record<string, { props: { functionName: string } }> };
  const scf = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')) as { inputs: { name: string } };
  return [...Object.values(fc.resources).map((r) => r.props.functionName), scf.inputs.name];
}

describe('invoke --help', () => {
  it('names only functions that s.yaml and serverless.yml deploy', async () => {
    const run = await runCli(['invoke', '--help'], {}, home);
    expect(run.code).toBe(0);
    // The examples' names (the options list shows `--function <name>`).
    const named = [...run.stdout.matchAll(/\$ snapshot-replicator .*--function (\S+)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThanOrEqual(4);
    const deployed = deployedFunctions();
    expect(deployed).toEqual(['snapshot-replicator-ecs', 'snapshot-replicator-ens', 'snapshot-replicator-cbs']);
    for (const name of named) expect(deployed).toContain(name);
  });
});

describe('invoke --platform fc2 against an endpoint that is not FC 2.0', () => {
  const fc2 = (service: string) => ['invoke', '--platform', 'fc2', '--endpoint', notFcUrl, '--service', service, '--function', 'snapshot-replicator-ecs', '--region', 'cn-hangzhou', '--account-id', '1234567890123456'];

  it.each([
    ['a 404 without an FC error code', 'replicators', 'HTTP404', 404],
    ['a proxy\'s 502 page', 'gateway', 'HTTP502', 502],
  ])('%s: the status as the code and what is known, never "FCundefinedError … undefined"', async (_what, service, code, status) => {
    const run = await runCli([...fc2(service), '--json'], keyEnv(), home);
    expect(run.code).toBe(3);
    const answer = JSON.parse(run.stdout) as { ok: boolean; error: { code: string; message: string } };
    expect(answer.ok).toBe(false);
    expect(answer.error.code).toBe(code);
    expect(answer.error.message).toContain(`FC 2.0 answered HTTP ${status} without an FC error code: check --endpoint, --region, --service and --function`);
    expect(run.stdout).not.toMatch(/undefined/);
  });
});
