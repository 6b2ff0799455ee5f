/**
 * A proxy in front of the local cloud that answers one action with an error whose message quotes a
 * signed request (a GET URL with its Signature and SecurityToken, a TC3 Authorization header, an
 * X-TC-Token), as a gateway or a service may; every other call goes through to the local cloud.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Values no code registers as secret: only the redaction patterns can catch them. */
export const CANARY_TOKEN = 'canary-sts-token-9f8e7d6c5b4a';
export const CANARY_RPC_SIGNATURE = 'Q2FuYXJ5U2lnbmF0dXJlMDEyMzQ1Njc4OQ%3D%3D';
export const CANARY_TC3_SIGNATURE = 'c0ffee'.repeat(10) + 'beef';

export function rpcLeak(action: string, secret: string): string {
  return (
    `User not authorized to operate on the specified resource. Request: GET https://ecs.cn-hangzhou.aliyuncs.com/?AccessKeyId=STS.functiontest` +
    `&Action=${action}&SecurityToken=${CANARY_TOKEN}&Signature=${CANARY_RPC_SIGNATURE}&SignatureMethod=HMAC-SHA1 ` +
    `(SecurityToken=${CANARY_TOKEN}, AccessKeySecret=${secret})`
  );
}

export function tc3Leak(action: string, secret: string): string {
  return (
    `Refused GET https://cbs.tencentcloudapi.com/?Action=${action}&X-TC-Token=${CANARY_TOKEN}&Signature=${CANARY_TC3_SIGNATURE} ` +
    `with Authorization: TC3-HMAC-SHA256 Credential=AKIDfunctiontest/2026-11-22/cbs/tc3_request, SignedHeaders=content-type;host, ` +
    `Signature=${CANARY_TC3_SIGNATURE} and X-TC-Token: ${CANARY_TOKEN} (SecretKey=${secret})`
  );
}

export interface LeakyProxy {
  url: string;
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

/** The refused request as it came: what a service echoes back (its string to sign, a header). */
export interface EchoedRequest {
  /** The form body (RPC) or JSON body (TC3), as sent. */
  body: string;
  headers: IncomingHttpHeaders;
}

/**
 * `poison` names the action to refuse and the message to refuse it with: fixed text, or made from the
 * refused request itself, as Alibaba's SignatureDoesNotMatch echoes the string to sign.
 */
export async function startLeakyProxy(target: string, poison: { action: string; code: string; message: string | ((refused: EchoedRequest) => string) }): Promise<LeakyProxy> {
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const tc3 = req.headers['x-tc-action'] !== undefined;
      const action = tc3 ? String(req.headers['x-tc-action']) : new URLSearchParams(body.toString('utf8')).get('Action');
      if (action === poison.action) {
        const message = typeof poison.message === 'string' ? poison.message : poison.message({ body: body.toString('utf8'), headers: req.headers });
        const answer = tc3
          ? { Response: { Error: { Code: poison.code, Message: message }, RequestId: 'leaky-request' } }
          : { RequestId: 'leaky-request', HostId: 'ecs.aliyuncs.com', Code: poison.code, Message: message };
        res.writeHead(tc3 ? 200 : 403, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
        return;
      }
      const forward = request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
