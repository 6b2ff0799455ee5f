/**
 * A stand-in robot on 127.0.0.1: records each POST, and answers as told (accept, refuse, or never).
 * Told to require a signature, it checks each request as the robot's documents describe and refuses a
 * missing, wrong or stale one with the robot's own code (docs/api-facts.md § "Webhook: DingTalk",
 * § "Webhook: Lark"). The check is written apart from the project's signer, from the documents.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SignatureCheck = 'valid' | 'missing' | 'wrong' | 'stale';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Set when a signature was required: what the check found. */
  signature?: SignatureCheck;
}

export type Behaviour = 'accept' | 'refuse' | 'hang';

export interface RequiredSignature {
  robot: 'dingtalk' | 'lark';
  secret: string;
}

export interface Receiver {
  base: string;
  received: Received[];
  behave(next: Behaviour): void;
  /** Checks every later request's signature (undefined: no check). */
  requireSignature(next: RequiredSignature | undefined): void;
  close(): Promise<void>;
}

/** Both robots accept a timestamp within an hour of their own clock. */
const MAX_SKEW_MS = 3_600_000;

function sameBase64(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** DingTalk: `timestamp` (ms) and `sign` in the query; sign = base64(HmacSHA256(secret, timestamp + "\n" + secret)). */
function checkDingTalk(path: string, secret: string, nowMs: number): SignatureCheck {
  const query = new URL(path, 'http://robot.invalid').searchParams;
  const timestamp = query.get('timestamp');
  const sign = query.get('sign');
  if (timestamp === null || sign === null) return 'missing';
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs - Number(timestamp)) > MAX_SKEW_MS) return 'stale';
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  mac.update(Buffer.from(`${timestamp}\n${secret}`, 'utf8'));
  return sameBase64(sign, mac.digest('base64')) ? 'valid' : 'wrong';
}

/** Lark: `timestamp` (s, a string) and `sign` in the body; sign = base64(HmacSHA256(timestamp + "\n" + secret, "")). */
function checkLark(body: string, secret: string, nowMs: number): SignatureCheck {
  let parsed: { timestamp?: unknown; sign?: unknown };
  try {
    parsed = JSON.parse(body) as { timestamp?: unknown; sign?: unknown };
  } catch {
    return 'missing';
  }
  const { timestamp, sign } = parsed;
  if (typeof timestamp !== 'string' || typeof sign !== 'string') return 'missing';
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs - Number(timestamp) * 1000) > MAX_SKEW_MS) return 'stale';
  const expected = createHmac('sha256', Buffer.from(`${timestamp}\n${secret}`, 'utf8')).digest('base64');
  return sameBase64(sign, expected) ? 'valid' : 'wrong';
}

/** The robots' refusals of a bad signature. */
const REFUSED_SIGN = {
  dingtalk: '{"errcode":310000,"errmsg":"sign not match"}',
  lark: '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}',
} as const;

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let behaviour: Behaviour = 'accept';
  let required: RequiredSignature | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Received = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      if (required) {
        entry.signature = required.robot === 'dingtalk' ? checkDingTalk(entry.path, required.secret, Date.now()) : checkLark(entry.body, required.secret, Date.now());
      }
      received.push(entry);
      if (behaviour === 'hang') return;
      res.writeHead(200, { 'content-type': 'application/json' });
      if (required && entry.signature !== 'valid') {
        res.end(REFUSED_SIGN[required.robot]);
        return;
      }
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
    requireSignature: (next) => {
      required = next;
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
