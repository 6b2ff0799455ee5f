import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a canned server answers to one action: an HTTP status and a JSON body. */
export interface CannedAnswer {
  status?: number;
  body: unknown;
}

/**
 * An Alibaba RPC endpoint that answers each action with a fixed body, signatures unchecked: for
 * feeding the real SDK (and so the adapters) answers in exactly the shape a test chooses, such as the
 * official models' samples.
 */
export async function cannedRpcServer(answers: Record<string, CannedAnswer | ((params: URLSearchParams) => CannedAnswer)>): Promise<{ url: URL; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      new URL(req.url ?? '/', 'http://x').searchParams.forEach((v, k) => params.set(k, v));
      const canned = answers[params.get('Action') ?? ''];
      const answer = typeof canned === 'function' ? canned(params) : (canned ?? { status: 400, body: { Code: 'InvalidAction.NotFound', Message: 'no canned answer' } });
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}`), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
