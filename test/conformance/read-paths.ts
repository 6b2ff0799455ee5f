/**
 * Records which fields code reads from an answer: `recordReads(answer, sink)` hands back a look-alike
 * of the answer whose every property read (or `in` test) adds its path to `sink`, as
 * `Snapshots.Snapshot[].SourceSnapshotId` (array positions collapse to `[]`). Give the look-alike to an
 * adapter in place of the SDK's answer and compare `sink` with `responseField()` to find the fields the
 * adapter reads that the official model does not have, including the fallbacks it probes.
 */

/** Property names that belong to the language, not to the answer (array methods, coercion, promises). */
const IGNORED = new Set(['length', 'constructor', 'toJSON', 'then', 'toString', 'valueOf']);

function isArrayIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key);
}

export function recordReads<T>(value: T, sink: Set<string>, path = ''): T {
  if (value === null || typeof value !== 'object') return value;
  const isArray = Array.isArray(value);
  const cache = new Map<string, unknown>();
  const childPath = (key: string): string => (isArray && isArrayIndex(key) ? `${path}[]` : path === '' ? key : `${path}.${key}`);
  const note = (key: string | symbol): boolean => {
    if (typeof key !== 'string' || IGNORED.has(key)) return false;
    if (isArray && !isArrayIndex(key)) return false;
    sink.add(childPath(key));
    return true;
  };
  return new Proxy(value as unknown as object, {
    get(target, key, receiver) {
      const raw: unknown = Reflect.get(target, key, receiver);
      if (!note(key) || typeof key !== 'string') return raw;
      if (!cache.has(key)) cache.set(key, recordReads(raw, sink, childPath(key)));
      return cache.get(key);
    },
    has(target, key) {
      note(key);
      return Reflect.has(target, key);
    },
  }) as T;
}
