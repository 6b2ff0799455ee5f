import { ApiError } from '../api-error';

/**
 * Reading the flat string parameters of an Alibaba RPC request (ECS, ENS) as typed values. Only
 * text-to-type conversion: the rules on the values belong to the service models.
 */

export type RpcParams = Record<string, unknown>;

/** The gateway's answer for a required parameter left out (the same on every RPC API). */
export function missingParameter(name: string): ApiError {
  return new ApiError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`, 400);
}

/** A parameter's text; an empty string counts as not sent, as the services treat it. */
export function text(params: RpcParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function requiredText(params: RpcParams, name: string): string {
  const value = text(params, name);
  if (value === undefined) throw missingParameter(name);
  return value;
}

/** Integer text as a number; NaN for any other text, so the model answers its own code for the field. */
export function integer(params: RpcParams, name: string): number | undefined {
  const value = text(params, name);
  if (value === undefined) return undefined;
  return /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
}

/** `true` / `false` in any case; anything else is the caller's `invalid` error. */
export function boolean(params: RpcParams, name: string, invalid: (name: string) => ApiError): boolean | undefined {
  const value = text(params, name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(name);
}

/** A JSON-array-of-strings parameter (`["a","b"]`), or undefined when the text is anything else. */
export function jsonStringList(value: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((v): v is string => typeof v === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}
