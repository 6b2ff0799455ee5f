import { redact } from '../../shared/clouds/redact';

export type InvokePlatform = 'fc3' | 'fc2' | 'scf';

/** The invoke API refused or could not be reached (not the function failing: that is an answer). */
export class InvokeError extends Error {
  override readonly name = 'InvokeError';
  readonly platform: InvokePlatform;
  readonly code: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;

  constructor(init: { platform: InvokePlatform; code: string; message: string; httpStatus?: number; requestId?: string }) {
    super(redact(`${init.platform} ${init.code}: ${init.message}`));
    this.platform = init.platform;
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
  }
}

function field(raw: unknown, key: string): unknown {
  return raw !== null && typeof raw === 'object' && key in raw ? (raw as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'undefined' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Whatever an SDK threw, as an InvokeError: its code, HTTP status and request id where it kept them. */
export function toInvokeError(platform: InvokePlatform, raw: unknown): InvokeError {
  if (raw instanceof InvokeError) return raw;
  const data = field(raw, 'data');
  const name = text(field(raw, 'name'));
  // A bare Error's name says nothing: a request that never got an answer is a network error.
  const code = text(field(raw, 'code')) ?? text(field(data, 'Code')) ?? text(field(data, 'ErrorCode')) ?? (name && !/^(Type)?Error$/.test(name) ? name : undefined) ?? 'NetworkError';
  const message = text(field(raw, 'message')) ?? String(raw);
  const status = field(raw, 'statusCode') ?? field(data, 'statusCode');
  const requestId = text(field(raw, 'requestId')) ?? text(field(data, 'RequestId'));
  return new InvokeError({
    platform,
    code,
    message,
    ...(typeof status === 'number' ? { httpStatus: status } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  });
}
