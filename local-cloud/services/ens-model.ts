import type { CloudStateView, EnsSeed, TimingSeed } from '../seed';
import type { ServiceContext } from '../service';

/** The ENS state: regions and snapshots, moved through their states by the emulated clock. (stub) */
export class EnsModel {
  private regions: string[] = [];

  constructor(private readonly ctx: ServiceContext) {}

  reset(seed: EnsSeed | undefined, _timing: Required<TimingSeed>): void {
    this.regions = [...(seed?.regions ?? [])];
  }

  view(): CloudStateView['ens'] {
    void this.ctx;
    return { regions: [...this.regions], snapshots: [] } as unknown as CloudStateView['ens'];
  }
}
