/**
 * Keeps the last value made for a key: a warm function reuses its clients, and with them their open
 * keep-alive connections, for as long as the credentials and endpoints stay the same. New STS keys
 * (FC rotates them) or a changed endpoint make a new value.
 */
export class WarmReuse<V> {
  private last: { key: string; value: V } | undefined;

  get(key: readonly unknown[], make: () => V): V {
    const text = JSON.stringify(key);
    if (this.last?.key === text) return this.last.value;
    const value = make();
    this.last = { key: text, value };
    return value;
  }
}
