/** Where a signature check finds the key a request names: a list, or a lookup (the cloud's key store). */
export type KeySource<K> = readonly K[] | ((id: string) => K | undefined);

export function findKey<K>(source: KeySource<K>, id: string, idOf: (key: K) => string): K | undefined {
  return typeof source === 'function' ? source(id) : source.find((key) => idOf(key) === id);
}
