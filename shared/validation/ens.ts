/**
 * ENS (2017-11-10) CopySnapshot and CreateSnapshot parameters (docs/api-facts.md § "ENS CopySnapshot", § "ENS CreateSnapshot"), checked before the
 * call. Regions are edge node ids. `sourceRegion` is not sent by CopySnapshot (the snapshot id implies
 * it) but a copy onto its own node is refused here.
 */
import type { FieldProblem } from '../contracts/errors';
import { ProblemList } from './problem-list';
import { checkDiskId, checkRegionId, checkSnapshotId } from './ids';
import { ENS_COPY_DESCRIPTION, ENS_COPY_NAME, ENS_SNAPSHOT_DESCRIPTION, ENS_SNAPSHOT_NAME } from './names';
import { regionListProblems } from './region-list';

export interface EnsCopyParams {
  snapshotId: string;
  sourceRegion: string;
  destinationRegionIds: readonly string[];
  name?: string;
  description?: string;
}

export interface EnsCreateSnapshotParams {
  diskId: string;
  ensRegionId: string;
  name?: string;
  description?: string;
}

export function validateEnsCopy(p: EnsCopyParams): FieldProblem[] {
  const list = new ProblemList();
  const add = list.check.bind(list);
  add('SnapshotId', checkSnapshotId('aliyun-ens', p.snapshotId), p.snapshotId);
  add('sourceRegion', checkRegionId(p.sourceRegion), p.sourceRegion);
  list.add(...regionListProblems('DestinationRegionIds', p.destinationRegionIds, p.sourceRegion, 'the source node'));
  if (p.name !== undefined) add('DestinationSnapshotName', ENS_COPY_NAME.check(p.name), p.name);
  if (p.description !== undefined) add('DestinationSnapshotDescription', ENS_COPY_DESCRIPTION.check(p.description), p.description);
  return list.problems;
}

export function validateEnsCreateSnapshot(p: EnsCreateSnapshotParams): FieldProblem[] {
  const list = new ProblemList();
  const add = list.check.bind(list);
  add('DiskId', checkDiskId('aliyun-ens', p.diskId), p.diskId);
  add('EnsRegionId', checkRegionId(p.ensRegionId), p.ensRegionId);
  if (p.name !== undefined) add('SnapshotName', ENS_SNAPSHOT_NAME.check(p.name), p.name);
  if (p.description !== undefined) add('Description', ENS_SNAPSHOT_DESCRIPTION.check(p.description), p.description);
  return list.problems;
}
