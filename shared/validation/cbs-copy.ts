/**
 * CBS CopySnapshotCrossRegions (2017-03-12, docs/api-facts.md § "CBS CopySnapshotCrossRegions") parameters, checked before the call.
 * `Region` (the common parameter) is the source region.
 */
import type { FieldProblem } from '../contracts/errors';
import { ProblemList } from './problem-list';
import { checkRegionId, checkSnapshotId } from './ids';
import { CBS_COPY_NAME } from './names';
import { regionListProblems } from './region-list';

export interface CbsCopyParams {
  snapshotId: string;
  sourceRegion: string;
  destinationRegions: readonly string[];
  name?: string;
}

export function validateCbsCopy(p: CbsCopyParams): FieldProblem[] {
  const list = new ProblemList();
  const add = list.check.bind(list);
  add('SnapshotId', checkSnapshotId('tencent-cbs', p.snapshotId), p.snapshotId);
  add('Region', checkRegionId(p.sourceRegion), p.sourceRegion);
  list.add(...regionListProblems('DestinationRegions', p.destinationRegions, p.sourceRegion, 'the source region'));
  if (p.name !== undefined) add('SnapshotName', CBS_COPY_NAME.check(p.name), p.name);
  return list.problems;
}
