import type { CloudStateView, CbsSeed, TimingSeed } from '../seed';
import type { ServiceContext } from '../service';

/** The CBS state: regions and snapshots, moved through their states by the emulated clock. (stub) */
export class CbsModel {
  private regions: string[] = [];

  constructor(private readonly ctx: ServiceContext) {}

  reset(seed: CbsSeed | undefined, _timing: Required<TimingSeed>): void {
    this.regions = [...(seed?.regions ?? [])];
  }

  view(): CloudStateView['cbs'] {
    void this.ctx;
    return { regions: [...this.regions], snapshots: [] } as unknown as CloudStateView['cbs'];
  }
}
