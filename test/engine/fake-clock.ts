/** A virtual clock for engine tests: sleeping moves time forward instantly. */
export class FakeClock {
  constructor(public ms = 1_700_000_000_000) {}
  readonly now = (): number => this.ms;
  readonly sleep = async (ms: number): Promise<void> => {
    this.ms += Math.max(0, ms);
  };
}
