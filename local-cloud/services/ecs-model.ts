import type { CloudStateView, EcsSeed, TimingSeed } from '../seed';
import type { ServiceContext } from '../service';

/** The ECS state: regions and snapshots, moved through their states by the emulated clock. (stub) */
export class EcsModel {
  private regions: string[] = [];

  constructor(private readonly ctx: ServiceContext) {}

  reset(seed: EcsSeed | undefined, _timing: Required<TimingSeed>): void {
    this.regions = [...(seed?.regions ?? [])];
  }

  view(): CloudStateView['ecs'] {
    void this.ctx;
    return { regions: [...this.regions], snapshots: [] } as unknown as CloudStateView['ecs'];
  }
}
