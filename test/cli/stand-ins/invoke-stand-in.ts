/**
 * A stand-in for the three invoke endpoints the `invoke` command calls, on one loopback URL:
 *   FC 3.0  POST /2023-03-30/functions/{name}/invocations[?qualifier=]        ACS3-HMAC-SHA256
 *   FC 2.0  POST /2016-08-15/services/{service[.qualifier]}/functions/{name}/invocations   FC signature
 *   SCF     POST / with X-TC-Action: Invoke                                   TC3-HMAC-SHA256
 * Each checks the real signature against the given keys (a wrong secret is refused as the platform
 * would refuse it), records the payload, and answers like the platform: sync with the answer set by
 * the test, async with a request id. No function runs behind it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../../../local-cloud/api-error';
import type { AliyunKey, TencentKey } from '../../../local-cloud/seed';
import { verifyTc3 } from '../../../local-cloud/wire/tc3';
import { verifyAcs3 } from './acs3';
import { verifyFcSignature } from './fc-signature';
import { Refusal, type SignedRequest } from './refusal';

export type StandInPlatform = 'fc3' | 'fc2' | 'scf';

export interface Invocation {
  platform: StandInPlatform;
  functionName: string;
  service?: string;
  qualifier?: string;
  namespace?: string;
  async: boolean;
  /** The payload as the function would get it, parsed from JSON. */
  payload: unknown;
  /** The key id that signed the call. */
  keyId: string;
}

export interface StandInAnswer {
  /** What the function answers to a synchronous call. */
  body: unknown;
  /** Set to make the platform report a function error (FC x-fc-error-type, SCF ErrMsg). */
  functionError?: string;
}

export interface InvokeStandIn {
  readonly url: string;
  invocations(): Invocation[];
  refusals(): Array<{ platform: StandInPlatform; code: string }>;
  answerWith(answer: StandInAnswer): void;
  close(): Promise<void>;
}

const FC3_PATH = /^\/2023-03-30\/functions\/([^/]+)\/invocations$/;
const FC2_PATH = /^\/2016-08-15\/services\/([^/]+)\/functions\/([^/]+)\/invocations$/;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startInvokeStandIn(keys: { aliyun: AliyunKey[]; tencent: TencentKey[] }): Promise<InvokeStandIn> {
  const invocations: Invocation[] = [];
  const refusals: Array<{ platform: StandInPlatform; code: string }> = [];
  let answer: StandInAnswer = { body: { ok: true, trigger: 'manual', results: [] } };

  function fc(platform: 'fc3' | 'fc2', req: SignedRequest, res: ServerResponse, target: { functionName: string; service?: string; qualifier?: string }): void {
    const requestId = randomUUID();
    try {
      const key = platform === 'fc3' ? verifyAcs3(req, keys.aliyun) : verifyFcSignature(req, keys.aliyun);
      const async = req.headers['x-fc-invocation-type']?.toLowerCase() === 'async';
      invocations.push({ platform, ...target, async, payload: parseJson(req.body.toString('utf8')), keyId: key.accessKeyId });
      if (async) {
        // An empty 202: fc2 would try to parse an empty JSON body.
        res.writeHead(202, { 'x-fc-request-id': requestId });
        res.end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-fc-request-id': requestId,
        ...(answer.functionError ? { 'x-fc-error-type': answer.functionError } : {}),
      });
      res.end(JSON.stringify(answer.body));
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      refusals.push({ platform, code: error.code });
      const body = platform === 'fc3' ? { Code: error.code, Message: error.message, RequestId: requestId } : { ErrorCode: error.code, ErrorMessage: error.message };
      res.writeHead(error.status, { 'content-type': 'application/json', 'x-fc-request-id': requestId });
      res.end(JSON.stringify(body));
    }
  }

  function scf(req: SignedRequest, res: ServerResponse): void {
    const requestId = randomUUID();
    let response: Record<string, unknown>;
    try {
      const call = verifyTc3({ method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.body.toString('utf8') }, keys.tencent);
      if (call.action !== 'Invoke') throw new ApiError('InvalidAction', `The stand-in answers Invoke only, not ${call.action}.`, 200);
      const p = call.params;
      const async = p.InvocationType === 'Event';
      invocations.push({
        platform: 'scf',
        functionName: String(p.FunctionName),
        ...(typeof p.Namespace === 'string' ? { namespace: p.Namespace } : {}),
        ...(typeof p.Qualifier === 'string' ? { qualifier: p.Qualifier } : {}),
        async,
        payload: typeof p.ClientContext === 'string' ? parseJson(p.ClientContext) : undefined,
        keyId: call.secretId,
      });
      const functionRequestId = randomUUID();
      response = async
        ? { Result: { FunctionRequestId: functionRequestId }, RequestId: requestId }
        : {
            Result: {
              FunctionRequestId: functionRequestId,
              RetMsg: JSON.stringify(answer.body),
              ErrMsg: answer.functionError ?? '',
              InvokeResult: answer.functionError ? -1 : 0,
              Log: '',
              MemUsage: 0,
              Duration: 1,
              BillDuration: 1,
            },
            RequestId: requestId,
          };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      refusals.push({ platform: 'scf', code: error.code });
      response = { Error: { Code: error.code, Message: error.message }, RequestId: requestId };
    }
    // Tencent answers API errors with HTTP 200 too: the SDK reads Response.Error.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Response: response }));
  }

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const path = q < 0 ? raw : raw.slice(0, q);
      const query = q < 0 ? '' : raw.slice(q + 1);
      const signed: SignedRequest = { method: req.method ?? 'GET', path, query, headers: req.headers as Record<string, string | undefined>, body };
      const fc3 = FC3_PATH.exec(path);
      const fc2 = FC2_PATH.exec(path);
      if (req.method === 'POST' && fc3) {
        const qualifier = new URLSearchParams(query).get('qualifier');
        fc('fc3', signed, res, { functionName: decodeURIComponent(fc3[1] ?? ''), ...(qualifier ? { qualifier } : {}) });
      } else if (req.method === 'POST' && fc2) {
        const [service = '', qualifier] = decodeURIComponent(fc2[1] ?? '').split('.');
        fc('fc2', signed, res, { functionName: decodeURIComponent(fc2[2] ?? ''), service, ...(qualifier ? { qualifier } : {}) });
      } else if (req.method === 'POST' && path === '/' && req.headers['x-tc-action'] !== undefined) {
        scf(signed, res);
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Code: 'NotFound', Message: `no such endpoint: ${req.method} ${path}` }));
      }
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Code: 'InternalError', Message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    invocations: () => invocations.map((i) => ({ ...i })),
    refusals: () => refusals.map((r) => ({ ...r })),
    answerWith: (next) => {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
