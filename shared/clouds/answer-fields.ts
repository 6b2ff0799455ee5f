/**
 * Reading fields of an RPC answer (untyped JSON): the official models type most fields, but answers
 * may give a number as text or leave a field out, so each read is tolerant and typed.
 */
import { isPlainObject } from '../validation/plain-object';

export { isPlainObject as isObject };

/** Text of a string or number field; undefined for anything else. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Text that is not empty; undefined otherwise. */
export function nonEmpty(value: unknown): string | undefined {
  const s = text(value);
  return s === undefined || s === '' ? undefined : s;
}

/** A number given as a number or as text that starts with one (ECS SourceDiskSize "40", Progress "100%"). */
export function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}
