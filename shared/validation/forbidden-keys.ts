/**
 * Keys that could reach an object's prototype when input is copied or merged. JSON.parse keeps
 * `__proto__` as a plain own key, and schema libraries check keys with `in` (which sees inherited
 * `constructor`), so such keys are refused up front, wherever they are, before anything reads the input.
 */
import type { FieldProblem } from '../contracts/errors';
import { joinPath } from './field-path';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper input is refused rather than walked: no payload this project accepts nests this far. */
export const MAX_DEPTH = 32;

export function forbiddenKeyProblems(value: unknown, base = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // A queue walked in place: recursion over hostile input could overflow the call stack.
  const queue: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: base, depth: 0 }];
  for (let next = 0; next < queue.length; next++) {
    const item = queue[next];
    if (item === undefined || item.value === null || typeof item.value !== 'object' || ArrayBuffer.isView(item.value)) continue;
    if (item.depth > MAX_DEPTH) {
      problems.push({ field: item.path === '' ? 'input' : item.path, rule: `must not nest deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    if (Array.isArray(item.value)) {
      item.value.forEach((entry: unknown, index) => queue.push({ value: entry, path: joinPath(item.path, index), depth: item.depth + 1 }));
      continue;
    }
    for (const key of Object.keys(item.value)) {
      const path = joinPath(item.path, key);
      if (FORBIDDEN.has(key)) problems.push({ field: path, rule: 'is not an allowed key (it could alter object prototypes)' });
      else queue.push({ value: (item.value as Record<string, unknown>)[key], path, depth: item.depth + 1 });
    }
  }
  return problems;
}
