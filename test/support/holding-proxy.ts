/**
 * A proxy in front of the local cloud that holds the requests of one API action until the test lets
 * them through, and forwards everything else at once, untouched (signatures stay valid). It makes an
 * interleaving certain that timing would only make likely: two runs that both listed before either
 * copied (hold until both copies are asked for), or a source deleted between a run's listing and its copy.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export interface HoldingProxy {
  url: string;
  /** Resolves once `count` requests of the action have arrived (held or, after `release`, let through). */
  arrived(count: number): Promise<void>;
  /** Lets the held requests through, and every later one. */
  release(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The action a request asks for: the TC3 header, or the RPC `Action` in the query or the form body. */
function actionOf(req: IncomingMessage, body: Buffer): string | null {
  const tc3 = req.headers['x-tc-action'];
  if (typeof tc3 === 'string') return tc3;
  const query = new URL(req.url ?? '/', 'http://proxy').searchParams.get('Action');
  return query ?? new URLSearchParams(body.toString('utf8')).get('Action');
}

/**
 * `action` names the requests to hold (`CopySnapshot`); with `releaseAt`, they are all let through
 * by themselves once that many have arrived.
 */
export async function startHoldingProxy(target: string, action: string, options: { releaseAt?: number } = {}): Promise<HoldingProxy> {
  let released = false;
  let count = 0;
  const held: Array<() => void> = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    const upstream = request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  };

  const release = (): void => {
    released = true;
    for (const go of held.splice(0)) go();
  };

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      if (actionOf(req, body) !== action) {
        forward(req, body, res);
        return;
      }
      count += 1;
      for (const w of waiters.filter((w) => count >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      if (released) forward(req, body, res);
      else held.push(() => forward(req, body, res));
      if (options.releaseAt !== undefined && count >= options.releaseAt) release();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrived: (n) => (count >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ count: n, resolve }))),
    release,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
