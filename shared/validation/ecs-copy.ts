/**
 * ECS CopySnapshot (2014-05-26) parameters, checked before the call. Fields are named as the API names
 * its parameters. Where the current API page and the older one disagree, the current one wins (docs/api-facts.md § "ECS CopySnapshot").
 */
import type { FieldProblem } from '../contracts/errors';
import { ProblemList } from './problem-list';
import { checkKmsKeyId, checkKmsNeedsEncryption, checkRetentionDays } from './copy-options';
import { checkRegionId, checkSnapshotId } from './ids';
import { ECS_COPY_DESCRIPTION, ECS_COPY_NAME } from './names';
import { asciiOnly, type Check, firstViolation, lengthBetween } from './rules';
import { type TagInput, tagProblems } from './tags';

export interface EcsCopyParams {
  regionId: string;
  snapshotId: string;
  destinationRegionId: string;
  name?: string;
  description?: string;
  retentionDays?: number;
  encrypted?: boolean;
  kmsKeyId?: string;
  tags?: TagInput;
  clientToken?: string;
}

/** ClientToken: ASCII only, at most 64 characters. */
const checkClientToken: Check<string> = (value) => firstViolation(value, [lengthBetween(1, 64), asciiOnly]);

export function validateEcsCopy(p: EcsCopyParams): FieldProblem[] {
  const list = new ProblemList();
  const add = list.check.bind(list);
  add('RegionId', checkRegionId(p.regionId), p.regionId);
  add('SnapshotId', checkSnapshotId('aliyun-ecs', p.snapshotId), p.snapshotId);
  add('DestinationRegionId', checkRegionId(p.destinationRegionId), p.destinationRegionId);
  if (p.destinationRegionId === p.regionId)
    add('DestinationRegionId', 'must differ from RegionId (ECS does not copy within a region)', p.destinationRegionId);
  if (p.name !== undefined) add('DestinationSnapshotName', ECS_COPY_NAME.check(p.name), p.name);
  if (p.description !== undefined) add('DestinationSnapshotDescription', ECS_COPY_DESCRIPTION.check(p.description), p.description);
  if (p.retentionDays !== undefined) add('RetentionDays', checkRetentionDays(p.retentionDays), p.retentionDays);
  if (p.kmsKeyId !== undefined) {
    add('KMSKeyId', checkKmsKeyId(p.kmsKeyId), p.kmsKeyId);
    add('KMSKeyId', checkKmsNeedsEncryption(p.kmsKeyId, p.encrypted, 'Encrypted'), p.kmsKeyId);
  }
  if (p.tags !== undefined) list.add(...tagProblems(p.tags));
  if (p.clientToken !== undefined) add('ClientToken', checkClientToken(p.clientToken), p.clientToken);
  return list.problems;
}
