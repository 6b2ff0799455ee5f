/**
 * One walk over untrusted input (a payload, an event, a policy), before anything else reads it:
 *
 * - keys that could reach an object's prototype when input is copied or merged. JSON.parse keeps
 *   `__proto__` as a plain own key, and schema libraries check keys with `in` (which sees inherited
 *   `constructor`), so such keys are refused up front, wherever they are;
 * - text that is not well-formed Unicode, in any key or string: a lone UTF-16 surrogate (JSON can
 *   write one as `\ud800`) fails to encode in every request that carries it (see rules.ts), so it is
 *   refused where it enters, naming its field, rather than failing every call later;
 * - nesting deeper than any accepted input has.
 */
import type { FieldProblem } from '../contracts/errors';
import { joinPath } from './field-path';
import { isWellFormed, WELL_FORMED_RULE } from './rules';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper input is refused rather than walked: no payload this project accepts nests this far. */
export const MAX_DEPTH = 32;

/** `base` is where the value sits (`payload`, `data`); the problems name each field below it. */
export function unsafeInputProblems(value: unknown, base = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const where = (path: string): string => (path === '' ? 'input' : path);
  // A queue walked in place: recursion over hostile input could overflow the call stack.
  const queue: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: base, depth: 0 }];
  for (let next = 0; next < queue.length; next++) {
    const item = queue[next];
    if (item === undefined) continue;
    if (typeof item.value === 'string') {
      // The value is not echoed: it could not be written into an answer as it is.
      if (!isWellFormed(item.value)) problems.push({ field: where(item.path), rule: WELL_FORMED_RULE });
      continue;
    }
    if (item.value === null || typeof item.value !== 'object' || ArrayBuffer.isView(item.value)) continue;
    if (item.depth > MAX_DEPTH) {
      problems.push({ field: where(item.path), rule: `must not nest deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    if (Array.isArray(item.value)) {
      item.value.forEach((entry: unknown, index) => queue.push({ value: entry, path: joinPath(item.path, index), depth: item.depth + 1 }));
      continue;
    }
    for (const key of Object.keys(item.value)) {
      // joinPath writes an odd key with JSON.stringify, which escapes a lone surrogate: the path stays well-formed.
      const path = joinPath(item.path, key);
      if (FORBIDDEN.has(key)) problems.push({ field: path, rule: 'is not an allowed key (it could alter object prototypes)' });
      else if (!isWellFormed(key)) problems.push({ field: path, rule: WELL_FORMED_RULE });
      else queue.push({ value: (item.value as Record<string, unknown>)[key], path, depth: item.depth + 1 });
    }
  }
  return problems;
}
