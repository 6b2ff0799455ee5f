/**
 * One POST of JSON to the webhook, bounded in time, and a label for the webhook that is safe to log.
 * node:http rather than fetch: no experimental warning on Node 18, and one deadline for the whole
 * exchange (connect, send, answer) rather than an idle timeout.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Short: the notification comes out of the time the function keeps for answering. */
export const WEBHOOK_TIMEOUT_MS = 3000;
/** A robot's answer is a few dozen bytes; anything longer is not read. */
const MAX_REPLY_BYTES = 64 * 1024;

export interface WebhookReply {
  status: number;
  body: string;
}

/**
 * Scheme and host only: DingTalk and WeCom put the robot's token in the query (access_token, key),
 * Lark in the path (/open-apis/bot/v2/hook/<token>).
 */
export function webhookLabel(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** Removes the URL, its path and its query from a message (error texts can quote them). */
export function withoutWebhook(message: string, url: URL): string {
  let out = message;
  for (const part of [url.href, `${url.pathname}${url.search}`, url.search, url.pathname]) {
    if (part.length > 1) out = out.split(part).join('');
  }
  return out;
}

export type PostJson = (url: URL, body: unknown, timeoutMs: number) => Promise<WebhookReply>;

export const postJson: PostJson = (url, body, timeoutMs) =>
  new Promise<WebhookReply>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    // Settles once, whichever comes first: the answer, an error, or the deadline.
    const settle = (done: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      done();
    };
    const req = send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) },
    });
    const deadline = setTimeout(() => {
      const error = new Error(`no answer within ${timeoutMs} ms`);
      settle(() => reject(error));
      req.destroy(error);
    }, timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_REPLY_BYTES) chunks.push(chunk);
      });
      res.on('end', () => settle(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })));
      res.on('error', (error) => settle(() => reject(error)));
    });
    req.on('error', (error) => settle(() => reject(error)));
    req.end(payload);
  });
