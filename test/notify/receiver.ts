/** A stand-in robot on 127.0.0.1: records each POST, and answers as told (accept, refuse, or never). */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Behaviour = 'accept' | 'refuse' | 'hang';

export interface Receiver {
  base: string;
  received: Received[];
  behave(next: Behaviour): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let behaviour: Behaviour = 'accept';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (behaviour === 'hang') return;
      res.writeHead(200, { 'content-type': 'application/json' });
      // DingTalk's answers: accepted, or refused for a missing keyword.
      res.end(behaviour === 'accept' ? '{"errcode":0,"errmsg":"ok"}' : '{"errcode":310000,"errmsg":"keywords not in content"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    behave: (next) => {
      behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL nothing listens on: a port that was just freed. */
export async function deadUrl(): Promise<string> {
  const r = await startReceiver();
  await r.close();
  return r.base;
}
