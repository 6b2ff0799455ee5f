/**
 * Deterministic resource ids in each service's shape. The `lc` marker keeps them apart from ids
 * a seed may use, and a counter keeps them unique for the life of one state.
 */
export class IdGenerator {
  private counters = new Map<string, number>();

  next(prefix: string, width = 14): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}lc${n.toString(36).padStart(width, '0')}`;
  }

  /** A request id in the UUID-like shape both clouds use. */
  requestId(): string {
    const n = (this.counters.get('#request') ?? 0) + 1;
    this.counters.set('#request', n);
    const hex = n.toString(16).padStart(12, '0').toUpperCase();
    return `5EED0000-0000-4000-8000-${hex}`;
  }

  reset(): void {
    this.counters.clear();
  }
}
