import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleAdmin } from './admin';
import { ApiError } from './api-error';
import type { CallRecord, CloudState } from './cloud-state';
import type { CallFault } from './faults';
import type { ServiceName, ServiceRequest } from './service';
import { rpcErrorBody, rpcServerError, rpcSuccessBody, rpcThrottled, verifyRpc } from './wire/rpc';
import { tc3ErrorBody, tc3ServerError, tc3SuccessBody, tc3Throttled, verifyTc3 } from './wire/tc3';

const MAX_BODY_BYTES = 1024 * 1024;
/** A held (timed-out) request is dropped after this long even if the client never gives up. */
const MAX_HOLD_MS = 120_000;

const RPC_VERSIONS: Readonly<Record<string, ServiceName>> = { '2014-05-26': 'ecs', '2017-11-10': 'ens' };
const TC3_VERSIONS: Readonly<Record<string, ServiceName>> = { '2017-03-12': 'cbs' };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError('RequestEntityTooLarge', 'The request body is too large.', 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Where a protocol differs: how it answers, how it throttles, how it fails. */
interface Protocol {
  success(requestId: string, body: Record<string, unknown>): { status: number; body: string };
  failure(requestId: string, error: ApiError): { status: number; body: string };
  throttled(): ApiError;
  serverError(code: 'InternalError' | 'ServiceUnavailable'): ApiError;
}

function rpcProtocol(host: string): Protocol {
  return {
    success: (id, body) => ({ status: 200, body: rpcSuccessBody(id, body) }),
    failure: (id, error) => ({ status: error.httpStatus, body: rpcErrorBody(id, error, host) }),
    throttled: rpcThrottled,
    serverError: rpcServerError,
  };
}

const TC3_PROTOCOL: Protocol = {
  // Tencent answers API errors with HTTP 200 and Response.Error; the SDK loses the body otherwise.
  success: (id, body) => ({ status: 200, body: tc3SuccessBody(id, body) }),
  failure: (id, error) => ({ status: 200, body: tc3ErrorBody(id, error) }),
  throttled: tc3Throttled,
  serverError: tc3ServerError,
};

/** The HTTP front of the local cloud: admin routes, then signed API calls for ECS, ENS and CBS. */
export function createLocalCloudServer(state: CloudState): Server {
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('close', () => {
    for (const res of held) res.destroy();
    held.clear();
  });
  // Ensure close() never waits on keep-alive or held connections.
  const close = server.close.bind(server);
  server.close = ((callback?: (err?: Error) => void) => {
    close(callback);
    for (const res of held) res.destroy();
    for (const socket of sockets) socket.destroy();
    return server;
  }) as Server['close'];

  function record(call: Omit<CallRecord, 'at'>): void {
    state.calls.push({ ...call, at: new Date().toISOString() });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const body = await readBody(req);
    if (url.pathname.startsWith('/_admin/')) {
      let parsed: unknown;
      try {
        parsed = body === '' ? undefined : JSON.parse(body);
      } catch {
        send(res, 400, JSON.stringify({ error: 'the body must be JSON' }));
        return;
      }
      const answer = handleAdmin(state, req.method ?? 'GET', url.pathname, url.searchParams, parsed);
      send(res, answer.status, JSON.stringify(answer.body));
      return;
    }

    const requestId = state.ids.requestId();
    const headers = req.headers as Record<string, string | undefined>;
    const isTc3 = headers['x-tc-action'] !== undefined || (headers.authorization ?? '').startsWith('TC3-');
    const protocol = isTc3 ? TC3_PROTOCOL : rpcProtocol(headers.host ?? 'localhost');

    // 1. Who is calling, and is the request intact? (nothing is recorded for a refused signature's params)
    let service: ServiceName;
    let request: ServiceRequest;
    try {
      if (isTc3) {
        const call = verifyTc3(
          { method: req.method ?? 'POST', path: url.pathname, query: url.search.slice(1), headers, body },
          state.keys.tencent,
        );
        const svc = TC3_VERSIONS[call.version];
        if (!svc) throw new ApiError('InvalidParameterValue', `The API version ${call.version} is not supported.`, 200);
        service = svc;
        request = { action: call.action, params: call.params, ...(call.region ? { region: call.region } : {}) };
      } else {
        const params: Record<string, string> = Object.fromEntries(url.searchParams);
        if (req.method === 'POST') Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
        const call = verifyRpc({ method: req.method ?? 'GET', params }, state.keys.aliyun, state.nonces);
        const svc = RPC_VERSIONS[call.version];
        if (!svc) throw new ApiError('InvalidVersion', `Specified parameter Version ${call.version} is not valid.`, 400);
        service = svc;
        const region = call.apiParams.RegionId ?? call.apiParams.EnsRegionId;
        request = { action: call.action, params: call.apiParams, ...(region ? { region } : {}) };
      }
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('InternalError', String(error), 500);
      const rpcService = RPC_VERSIONS[url.searchParams.get('Version') ?? new URLSearchParams(body).get('Version') ?? ''] ?? 'ecs';
      const action = headers['x-tc-action'] ?? url.searchParams.get('Action') ?? new URLSearchParams(body).get('Action') ?? '?';
      record({ service: isTc3 ? 'cbs' : rpcService, action, params: {}, code: apiError.code });
      const out = protocol.failure(requestId, apiError);
      send(res, out.status, out.body);
      return;
    }

    const base = { service, action: request.action, params: request.params, ...(request.region ? { region: request.region } : {}) };
    // 2. Injected faults, then the documented rate limits.
    const fault: CallFault = state.faults.drawCall(`${service}.${request.action}`);
    if (fault?.kind === 'timeout') {
      let code = 'Timeout';
      if (fault.applied) {
        try {
          state.handlers[service].handle(request);
          code = 'Timeout(applied)';
        } catch (error) {
          code = `Timeout(${error instanceof ApiError ? error.code : 'InternalError'})`;
        }
      }
      record({ ...base, code });
      held.add(res);
      const release = (): void => {
        held.delete(res);
        clearTimeout(timer);
      };
      const timer = setTimeout(() => {
        release();
        res.destroy();
      }, MAX_HOLD_MS);
      timer.unref();
      res.on('close', release);
      return;
    }
    let outcome: { status: number; body: string };
    let code = 'OK';
    try {
      if (fault?.kind === 'throttle') throw protocol.throttled();
      if (fault?.kind === 'error') throw protocol.serverError(fault.code);
      if (!state.limiter.admit(`${service}.${request.action}`)) throw protocol.throttled();
      outcome = protocol.success(requestId, state.handlers[service].handle(request));
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('InternalError', String(error), 500);
      code = apiError.code;
      outcome = protocol.failure(requestId, apiError);
    }
    record({ ...base, code });
    send(res, outcome.status, outcome.body);
  }

  return server;
}
