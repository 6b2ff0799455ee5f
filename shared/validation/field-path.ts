/**
 * Field paths as problems name them: `rules[0].destinations[1].retentionDays`, `match.tags["a b"]`.
 * One spelling everywhere, so a path in an answer can be pasted back into the input to find the field.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (IDENTIFIER.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}
