import type { FieldProblem } from '../errors';
import type { CloudKind } from '../snapshot';
import { validateCbsCopy } from '../validation/cbs-copy';
import { validateEcsCopy } from '../validation/ecs-copy';
import { validateEnsCopy } from '../validation/ens';
import type { CopyCall } from './cloud-driver';

/**
 * Every parameter of a copy call, checked by the API documents' rules before the call is made.
 * A problem here (a template that expanded badly, a bad manual id) fails the pair with no API call.
 */
export function validateCopyCall(cloud: CloudKind, call: CopyCall): FieldProblem[] {
  const { source } = call;
  const first = call.destinations[0];
  if (!first) return [];
  switch (cloud) {
    case 'aliyun-ecs':
      return call.destinations.flatMap((d) =>
        validateEcsCopy({
          regionId: source.region,
          snapshotId: source.snapshotId,
          destinationRegionId: d.destination.region,
          name: d.name,
          ...(d.description !== undefined ? { description: d.description } : {}),
          ...(d.destination.retentionDays !== undefined ? { retentionDays: d.destination.retentionDays } : {}),
          ...(d.destination.encrypted !== undefined ? { encrypted: d.destination.encrypted } : {}),
          ...(d.destination.kmsKeyId !== undefined ? { kmsKeyId: d.destination.kmsKeyId } : {}),
          ...(d.destination.tags !== undefined ? { tags: d.destination.tags } : {}),
          ...(d.clientToken !== undefined ? { clientToken: d.clientToken } : {}),
        }),
      );
    case 'aliyun-ens':
      return validateEnsCopy({
        snapshotId: source.snapshotId,
        sourceRegion: source.region,
        destinationRegionIds: call.destinations.map((d) => d.destination.region),
        name: first.name,
        ...(first.description !== undefined ? { description: first.description } : {}),
      });
    case 'tencent-cbs':
      return validateCbsCopy({
        snapshotId: source.snapshotId,
        sourceRegion: source.region,
        destinationRegions: call.destinations.map((d) => d.destination.region),
        name: first.name,
      });
  }
}
