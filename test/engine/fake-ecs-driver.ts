import type { CloudDriver, CopyCall, CopyCallResult, PageFetch } from '../../shared/engine/cloud-driver';
import type { Snapshot } from '../../shared/snapshot';

/** An ECS-like driver for engine tests: no rate limit to speak of, and every copy succeeds and is recorded. */
export abstract class FakeEcsDriver implements CloudDriver {
  readonly cloud = 'aliyun-ecs' as const;
  readonly destinationsPerCall = 'one' as const;
  readonly copyRetrySafe = true;
  readonly copyLimit = { limit: 100_000, windowMs: 1000 };
  callCount = 0;
  validate = (): [] => [];
  /** `source>destination` of every copy made, in order. */
  readonly copied: string[] = [];

  abstract listSnapshots(region: string, hint: Parameters<CloudDriver['listSnapshots']>[1], page: PageFetch): Promise<Snapshot[]>;

  async copy(call: CopyCall): Promise<CopyCallResult[]> {
    this.callCount += 1;
    return call.destinations.map((d) => {
      this.copied.push(`${call.source.snapshotId}>${d.destination.region}`);
      return { destinationRegion: d.destination.region, ok: true as const, copySnapshotId: `s-copy${this.copied.length}` };
    });
  }
}
