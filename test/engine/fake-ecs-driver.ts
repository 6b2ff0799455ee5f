import type { CloudDriver, CopyCall, CopyCallResult, ListHint, PageFetch } from '../../shared/contracts/driver';
import type { Snapshot } from '../../shared/contracts/snapshot';
import { ECS_LIKE } from '../support/fake-driver';

/** An ECS-like driver for engine tests: no rate limit to speak of, and every copy succeeds and is recorded. */
export abstract class FakeEcsDriver implements CloudDriver {
  readonly cloud = 'aliyun-ecs' as const;
  readonly capabilities = ECS_LIKE;
  readonly copyLimit = { limit: 100_000, windowMs: 1000 };
  callCount = 0;
  validate = (): [] => [];
  /** `source>destination` of every copy made, in order. */
  readonly copied: string[] = [];

  abstract listSnapshots(region: string, hint: ListHint | undefined, page: PageFetch): Promise<Snapshot[]>;

  async copy(call: CopyCall): Promise<CopyCallResult[]> {
    this.callCount += 1;
    return call.destinations.map((d) => {
      this.copied.push(`${call.source.snapshotId}>${d.destination.region}`);
      return { destinationRegion: d.destination.region, ok: true as const, copySnapshotId: `s-copy${this.copied.length}` };
    });
  }

  async setDeadline(): Promise<never> {
    throw new Error('an ECS-like driver keeps no deadlines');
  }

  async deleteSnapshot(): Promise<never> {
    throw new Error('an ECS-like driver prunes nothing');
  }

  async createSnapshot(): Promise<never> {
    throw new Error('an ECS-like driver takes no snapshots');
  }
}
