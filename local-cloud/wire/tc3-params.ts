import { ApiError } from '../api-error';

/**
 * Reading the JSON body of a Tencent API 3.0 request (CBS, STS, SCF) as typed values, with the
 * gateway's answers for a parameter left out or of the wrong type. Only type checks: the rules on
 * the values belong to the service models.
 */

export type Tc3Params = Record<string, unknown>;

export const missing = (name: string): ApiError =>
  new ApiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`, 400);

export const badType = (name: string, what: string): ApiError =>
  new ApiError('InvalidParameterValue', `The value of parameter \`${name}\` must be ${what}.`, 400);

export const has = (p: Tc3Params, name: string): boolean => p[name] !== undefined && p[name] !== null;

export function optionalString(p: Tc3Params, name: string): string | undefined {
  if (!has(p, name)) return undefined;
  const value = p[name];
  if (typeof value !== 'string') throw badType(name, 'a string');
  return value;
}

export function requiredString(p: Tc3Params, name: string): string {
  const value = optionalString(p, name);
  if (value === undefined || value === '') throw missing(name);
  return value;
}

export function optionalBoolean(p: Tc3Params, name: string): boolean | undefined {
  if (!has(p, name)) return undefined;
  const value = p[name];
  if (typeof value !== 'boolean') throw badType(name, 'a boolean');
  return value;
}

export function optionalCount(p: Tc3Params, name: string): number | undefined {
  if (!has(p, name)) return undefined;
  const value = p[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw badType(name, 'a non-negative integer');
  return value;
}

/** A number parameter as sent: NaN for one that is not an integer, so the model answers its own code for it. */
export function optionalInteger(p: Tc3Params, name: string): number | undefined {
  if (!has(p, name)) return undefined;
  const value = p[name];
  if (typeof value !== 'number') throw badType(name, 'an integer');
  return Number.isInteger(value) ? value : Number.NaN;
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw badType(name, 'an array of strings');
  return value;
}

export function optionalStringList(p: Tc3Params, name: string): string[] | undefined {
  return has(p, name) ? stringList(p[name], name) : undefined;
}

export function requiredStringList(p: Tc3Params, name: string): string[] {
  const value = optionalStringList(p, name);
  if (value === undefined) throw missing(name);
  return value;
}

/** Refuses a parameter the action does not define, as the API gateway does. */
export function refuseUnknown(p: Tc3Params, known: readonly string[]): void {
  const unknown = Object.keys(p).find((key) => !known.includes(key));
  if (unknown !== undefined) throw new ApiError('UnknownParameter', `The parameter \`${unknown}\` is not recognized.`, 400);
}
