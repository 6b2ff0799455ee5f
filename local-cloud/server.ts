import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleAdmin } from './admin';
import { ApiError } from './api-error';
import type { CallRecord, CloudState } from './cloud-state';
import type { CallFault } from './faults';
import type { CloudName } from './keys';
import type { ServiceName, ServiceRequest } from './service';
import { fcReplyOf } from './services/fc-render';
import { verifyAcs3 } from './wire/acs3';
import { rpcErrorBody, rpcServerError, rpcSuccessBody, rpcThrottled, verifyRpc } from './wire/rpc';
import { tc3ErrorBody, tc3ServerError, tc3SuccessBody, tc3Throttled, verifyTc3 } from './wire/tc3';

const MAX_BODY_BYTES = 1024 * 1024;
/** A held (timed-out) request is dropped after this long even if the client never gives up. */
const MAX_HOLD_MS = 120_000;
/** How long an idle keep-alive connection stays open. */
const KEEP_ALIVE_MS = 60_000;

const RPC_VERSIONS: Readonly<Record<string, ServiceName>> = { '2014-05-26': 'ecs', '2017-11-10': 'ens', '2015-04-01': 'aliyun-sts' };
const TC3_VERSIONS: Readonly<Record<string, ServiceName>> = { '2017-03-12': 'cbs', '2018-08-13': 'tencent-sts', '2018-04-16': 'scf' };
/** FC 3.0 InvokeFunction: the one ROA path the local cloud serves. */
const FC3_INVOKE = /^\/2023-03-30\/functions\/([^/]+)\/invocations$/;

function readBody(req: IncomingMessage): Promise<Buffer> {
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
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    'content-type': 'application/json;charset=utf-8',
    ...reply.headers,
    'content-length': Buffer.byteLength(reply.body),
  });
  res.end(reply.body);
}

/** Where a protocol differs: how it answers, how it throttles, how it fails. */
interface Protocol {
  success(requestId: string, body: Record<string, unknown>): Reply;
  failure(requestId: string, error: ApiError): Reply;
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

/** FC 3.0 (ROA): answers are status, headers and body as the action makes them; errors `{Code, Message, RequestId}`. */
const FC_PROTOCOL: Protocol = {
  success: (_id, body) => fcReplyOf(body),
  failure: (id, error) => ({
    status: error.httpStatus,
    headers: { 'x-fc-request-id': id },
    body: JSON.stringify({ Code: error.code, Message: error.message, RequestId: id }),
  }),
  throttled: () => new ApiError('Throttling.User', 'Request was denied due to user flow control.', 429),
  serverError: rpcServerError,
};

/** The answer of an Alibaba gateway (RPC or ACS3) to temporary credentials past their expiration. */
const ALIYUN_TOKEN_EXPIRED = (): ApiError => new ApiError('InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.', 400);
/** Tencent API 3.0's answer to a temporary key past its expiration (a token that no longer verifies). */
const TENCENT_TOKEN_EXPIRED = (): ApiError => new ApiError('AuthFailure.TokenFailure', 'Token verification failed: the temporary credentials have expired.', 200);

type Front = 'rpc' | 'tc3' | 'fc';

/** A request the wire layer accepted: which service, what it asks, and on whose behalf. */
interface Routed {
  service: ServiceName;
  request: ServiceRequest;
}

/** The HTTP front of the local cloud: admin routes, then signed API calls, each routed to its caller's account. */
export function createLocalCloudServer(state: CloudState): Server {
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: JSON.stringify({ error: error instanceof Error ? error.message : String(error) }) });
    });
  });
  // Clients keep idle connections open for as long as they like; closing one after Node's 5 s
  // default races with a client reusing it (a reset the client then retries, one call counted twice).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
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

  /** Holds an API answer back for the latency set (none by default). */
  function latency(): Promise<void> {
    return state.latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, state.latencyMs)) : Promise.resolve();
  }

  /** The account a verified key reaches; refuses temporary credentials past their expiration (emulated clock). */
  function accountOf(cloud: CloudName, keyId: string): string {
    const standing = state.keys.standing(cloud, keyId, state.clock.now());
    if (!standing) throw new ApiError('InternalError', 'the key vanished after its signature was checked', 500);
    if (standing.expired) throw cloud === 'aliyun' ? ALIYUN_TOKEN_EXPIRED() : TENCENT_TOKEN_EXPIRED();
    return standing.accountId;
  }

  /** 1. Who is calling, is the request intact, and which service and account it reaches. */
  function route(front: Front, requestId: string, req: IncomingMessage, url: URL, body: Buffer): Routed {
    const headers = req.headers as Record<string, string | undefined>;
    const method = req.method ?? 'POST';
    if (front === 'tc3') {
      const call = verifyTc3({ method, path: url.pathname, query: url.search.slice(1), headers, body: body.toString('utf8') }, state.keys.tencentKey);
      const service = TC3_VERSIONS[call.version];
      if (!service) throw new ApiError('InvalidParameterValue', `The API version ${call.version} is not supported.`, 200);
      const caller = { keyId: call.secretId, accountId: accountOf('tencent', call.secretId) };
      return { service, request: { requestId, action: call.action, params: call.params, ...(call.region ? { region: call.region } : {}), caller } };
    }
    if (front === 'fc') {
      const key = verifyAcs3({ method, path: url.pathname, query: url.search.slice(1), headers, body }, state.keys.aliyunKey);
      const caller = { keyId: key.accessKeyId, accountId: accountOf('aliyun', key.accessKeyId) };
      const functionName = decodeURIComponent(FC3_INVOKE.exec(url.pathname)?.[1] ?? '');
      const qualifier = url.searchParams.get('qualifier');
      const params = {
        functionName,
        ...(qualifier ? { qualifier } : {}),
        invocationType: headers['x-fc-invocation-type'] ?? 'Sync',
        payload: body.toString('utf8'),
      };
      return { service: 'fc', request: { requestId, action: 'InvokeFunction', params, caller } };
    }
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (method === 'POST') Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    const call = verifyRpc({ method, params }, state.keys.aliyunKey, state.nonces);
    const service = RPC_VERSIONS[call.version];
    if (!service) throw new ApiError('InvalidVersion', `Specified parameter Version ${call.version} is not valid.`, 400);
    const caller = { keyId: call.accessKeyId, accountId: accountOf('aliyun', call.accessKeyId) };
    const region = call.apiParams.RegionId ?? call.apiParams.EnsRegionId;
    return { service, request: { requestId, action: call.action, params: call.apiParams, ...(region ? { region } : {}), caller } };
  }

  /** What a refused request is recorded as: its service and action as far as they can be read. */
  function refusedCall(front: Front, req: IncomingMessage, url: URL, body: Buffer): { service: ServiceName; action: string } {
    const headers = req.headers as Record<string, string | undefined>;
    if (front === 'fc') return { service: 'fc', action: 'InvokeFunction' };
    if (front === 'tc3') return { service: TC3_VERSIONS[headers['x-tc-version'] ?? ''] ?? 'cbs', action: headers['x-tc-action'] ?? '?' };
    const form = new URLSearchParams(body.toString('utf8'));
    const version = url.searchParams.get('Version') ?? form.get('Version') ?? '';
    return { service: RPC_VERSIONS[version] ?? 'ecs', action: url.searchParams.get('Action') ?? form.get('Action') ?? '?' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const body = await readBody(req);
    if (url.pathname.startsWith('/_admin/')) {
      let parsed: unknown;
      try {
        parsed = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
      } catch {
        send(res, { status: 400, body: JSON.stringify({ error: 'the body must be JSON' }) });
        return;
      }
      const answer = handleAdmin(state, req.method ?? 'GET', url.pathname, url.searchParams, parsed);
      send(res, { status: answer.status, body: JSON.stringify(answer.body) });
      return;
    }

    const requestId = state.ids.requestId();
    const headers = req.headers as Record<string, string | undefined>;
    const front: Front =
      headers['x-tc-action'] !== undefined || (headers.authorization ?? '').startsWith('TC3-') ? 'tc3' : FC3_INVOKE.test(url.pathname) ? 'fc' : 'rpc';
    const protocol = front === 'tc3' ? TC3_PROTOCOL : front === 'fc' ? FC_PROTOCOL : rpcProtocol(headers.host ?? 'localhost');

    // 1. Who is calling, and is the request intact? (nothing is recorded for a refused signature's params)
    let routed: Routed;
    try {
      routed = route(front, requestId, req, url, body);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('InternalError', String(error), 500);
      record({ ...refusedCall(front, req, url, body), params: {}, code: apiError.code });
      await latency();
      send(res, protocol.failure(requestId, apiError));
      return;
    }

    const { service, request } = routed;
    const accountId = request.caller.accountId;
    const base = { service, action: request.action, params: request.params, ...(request.region ? { region: request.region } : {}), accountId };
    const handler = state.handlerFor(service, accountId);
    // 2. Injected faults, then the documented rate limits (counted per account).
    const fault: CallFault = state.faults.drawCall(`${service}.${request.action}`, accountId);
    if (fault?.kind === 'timeout') {
      let code = 'Timeout';
      if (fault.applied) {
        try {
          await handler.handle(request);
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
    let outcome: Reply;
    let code = 'OK';
    try {
      if (fault?.kind === 'throttle') throw protocol.throttled();
      if (fault?.kind === 'error') throw protocol.serverError(fault.code);
      if (!state.limiter.admit(`${service}.${request.action}`, accountId)) throw protocol.throttled();
      outcome = protocol.success(requestId, await handler.handle(request));
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('InternalError', String(error), 500);
      code = apiError.code;
      outcome = protocol.failure(requestId, apiError);
    }
    record({ ...base, code });
    await latency();
    send(res, outcome);
  }

  return server;
}
