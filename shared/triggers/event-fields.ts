/**
 * Reading the loosely specified fields of platform events (EventBridge, CloudMonitor, CloudAudit,
 * timers) by hand: unknown extra fields are expected there and ignored, but every field the project
 * uses is type-checked and bounded, and a bad one names its path.
 */
import { invalidInput } from '../contracts/errors';
import { joinPath } from '../validation/field-path';
import { isPlainObject } from '../validation/plain-object';

/** No id, region or name the project reads is anywhere near this long. */
const MAX_FIELD_LENGTH = 1024;

export function asObject(value: unknown, field: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalidInput(field === '' ? 'event' : field, 'must be an object', value);
  return value;
}

export function optionalString(object: Record<string, unknown>, key: string, base: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  const field = joinPath(base, key);
  if (typeof value !== 'string') throw invalidInput(field, 'must be a string', value);
  if (value.length > MAX_FIELD_LENGTH) throw invalidInput(field, `must be at most ${MAX_FIELD_LENGTH} characters`, value);
  return value;
}

export function requiredString(object: Record<string, unknown>, key: string, base: string): string {
  const value = optionalString(object, key, base);
  if (value === undefined || value === '') throw invalidInput(joinPath(base, key), 'is required');
  return value;
}

/** Raises `rule` on the field when a check found one. */
export function ensure(field: string, rule: string | null, value: unknown): void {
  if (rule !== null) throw invalidInput(field, rule, value);
}
