/**
 * A pass-through in front of the local cloud for the STS endpoints: every request goes on unchanged
 * (the Host header too, which TC3 signs), every answer comes back unchanged, and the temporary
 * credentials in AssumeRole answers are kept, so a test can look for them in what the command
 * printed. The local cloud never shows the keys it issues; the command's own output must not either.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface IssuedSecrets {
  /** Every key secret and token an AssumeRole answer carried, both clouds. */
  values: string[];
  url: string;
  close(): Promise<void>;
}

function body(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function credentialsIn(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const root = (parsed ?? {}) as { Credentials?: Record<string, unknown>; Response?: { Credentials?: Record<string, unknown> } };
  const credentials = root.Credentials ?? root.Response?.Credentials ?? {};
  // Key ids are not secret (the clouds' audit trails show them); the secrets and tokens are.
  return ['AccessKeySecret', 'SecurityToken', 'TmpSecretKey', 'Token']
    .map((k) => credentials[k])
    .filter((v): v is string => typeof v === 'string' && v !== '');
}

export async function startStsRecorder(target: string): Promise<IssuedSecrets> {
  const to = new URL(target);
  const values: string[] = [];
  const server: Server = createServer((req, res) => {
    void body(req).then((sent) => {
      const onward = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        void body(answer).then((received) => {
          values.push(...credentialsIn(received.toString('utf8')));
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(received);
        });
      });
      onward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      onward.end(sent);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    values,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The forms a secret could be printed in: as it is, percent-encoded, JSON-escaped, base64 and hex. */
export function encodings(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(encodeURIComponent(secret)),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    Buffer.from(secret).toString('hex'),
  ]);
  return [...forms];
}
