import RPCClient from '@alicloud/pop-core/lib/rpc';
import { CloudError, type CloudService } from '../contracts/errors';
import { cloudError } from './cloud-error';
import { classifyCode, type ErrorClassTable } from './error-classes';
import type { AliyunCredentials } from './credentials';
import type { CallLimits } from '../contracts/driver';
import { effectiveTimeout, withHardDeadline } from './hard-deadline';
import { unreachable } from './unreachable';

/** Default per-request timeout: pop-core's own 3 s is too short for a busy region. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** A flat RPC parameter value; arrays and objects must be encoded by the caller (JSON or Tag.N). */
export type RpcValue = string | number | boolean | undefined | null;

export interface AliyunRpcOptions {
  service: Extract<CloudService, 'ecs' | 'ens' | 'aliyun-sts'>;
  apiVersion: string;
  endpoint: URL;
  credentials: AliyunCredentials;
  timeoutMs?: number;
  errors: ErrorClassTable;
}

/** Drops undefined and null: pop-core would send them as the strings "undefined" and "null". */
function stripEmpty(params: Record<string, RpcValue>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null) out[key] = value;
  return out;
}

/** Whether `value` holds anything but plain objects, arrays and primitives (json-bigint's null-prototype objects, big numbers). */
function holdsOddObjects(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsOddObjects);
  if (Object.getPrototypeOf(value) !== Object.prototype) return true;
  for (const key in value) if (holdsOddObjects((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * pop-core's JSON parser can answer null-prototype objects and big numbers; a JSON round trip gives
 * plain data the rest of the code can trust. Answers that are plain already (JSON.parse's) skip it.
 */
export function plainAnswer<T>(value: unknown): T {
  return (holdsOddObjects(value) ? JSON.parse(JSON.stringify(value)) : value) as T;
}

function errorMessage(raw: unknown): string {
  if (raw instanceof Error) return raw.message;
  if (raw && typeof raw === 'object' && 'message' in raw) return String((raw as { message: unknown }).message);
  return String(raw);
}

/**
 * SignatureDoesNotMatch echoes the server's string to sign, which holds every signed parameter
 * (a security token among them, percent-encoded twice): never passed on, whatever the secrets registry
 * would mask (docs/api-facts.md § "Signature: Alibaba RPC").
 */
function withoutStringToSign(message: string): string {
  return message.replace(/(string to sign is:?)\s*\S+/gi, '$1 (not shown)');
}

/** One place that turns whatever pop-core throws into a CloudError. */
function toCloudError(raw: unknown, service: CloudService, action: string, table: ErrorClassTable): CloudError {
  if (raw instanceof CloudError) return raw;
  const err = (raw ?? {}) as {
    code?: unknown;
    name?: unknown;
    data?: { RequestId?: unknown; Message?: unknown };
    entry?: { response?: { statusCode?: unknown } };
  };
  const httpStatus = typeof err.entry?.response?.statusCode === 'number' ? err.entry.response.statusCode : undefined;
  const requestId = typeof err.data?.RequestId === 'string' ? err.data.RequestId : undefined;
  if (typeof err.code === 'string' && err.code !== '' && err.data) {
    const message = withoutStringToSign(typeof err.data.Message === 'string' ? err.data.Message : errorMessage(raw));
    return cloudError({ service, action, code: err.code, message, httpStatus, requestId, errorClass: classifyCode(err.code, httpStatus, table) });
  }
  const name = typeof err.name === 'string' ? err.name : '';
  const message = withoutStringToSign(errorMessage(raw));
  const down = unreachable(raw, message);
  if (down) return cloudError({ service, action, ...down, errorClass: 'transient' });
  if (/timeout/i.test(name) || /timeout/i.test(message)) {
    return cloudError({ service, action, code: 'Timeout', message, errorClass: 'transient' });
  }
  // Refused connections, resets, non-JSON answers (a proxy's error page): worth another try.
  return cloudError({ service, action, code: 'NetworkError', message, httpStatus, errorClass: 'transient' });
}

/** A typed, redacting wrapper over pop-core's RPC client, shared by ECS and ENS. */
export class AliyunRpc {
  private readonly client: RPCClient;
  private readonly timeoutMs: number;
  /** Requests sent, failed or not (for run summaries and the call-count benchmarks). */
  callCount = 0;

  constructor(private readonly options: AliyunRpcOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const endpoint = options.endpoint.origin;
    this.client = new RPCClient({
      endpoint,
      apiVersion: options.apiVersion,
      accessKeyId: options.credentials.accessKeyId,
      accessKeySecret: options.credentials.accessKeySecret,
      ...(options.credentials.securityToken ? { securityToken: options.credentials.securityToken } : {}),
    });
  }

  async call<T>(action: string, params: Record<string, RpcValue>, limits: CallLimits = {}): Promise<T> {
    this.callCount += 1;
    const timeout = effectiveTimeout(this.timeoutMs, limits.timeoutMs);
    const { service, errors } = this.options;
    try {
      // POST keeps the SecurityToken and signature out of the URL that pop-core puts in its messages.
      const result: unknown = await withHardDeadline(
        timeout,
        () => this.client.request(action, stripEmpty(params), { method: 'POST', timeout, formatParams: false }),
        () => cloudError({ service, action, code: 'Timeout', message: `no answer within ${timeout} ms`, errorClass: 'transient' }),
      );
      return plainAnswer<T>(result);
    } catch (raw) {
      throw toCloudError(raw, service, action, errors);
    }
  }
}
