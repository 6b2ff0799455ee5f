import { ApiError } from '../api-error';

/**
 * The codes, messages and HTTP statuses ECS answers with (docs/api-facts.md § "ECS CopySnapshot",
 * § "ECS DescribeSnapshots" where documented). Thrown by the model, and by the wire for a value it cannot read.
 */
export const EcsErrors = {
  missing: (name: string) =>
    name === 'RegionId'
      ? new ApiError('MissingRegionId', 'RegionId is mandatory for this action.', 400)
      : new ApiError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`, 400),
  invalidParameter: (name: string) => new ApiError('InvalidParameter', `The specified parameter "${name}" is not valid.`, 400),
  regionMalformed: (name: string) => new ApiError('InvalidRegionId.MalFormed', `The specified ${name} is not valid.`, 400),
  regionNotExists: (name: string) => new ApiError('InvalidRegionId.NotExists', `Region not exists: ${name}.`, 403),
  snapshotNotFound: (status = 403) => new ApiError('InvalidSnapshotId.NotFound', 'The specified snapshot is not exists.', status),
  snapshotNotReady: () => new ApiError('InvalidSnapshotId.NotReady', 'The specified snapshot has not completed yet.', 403),
  snapshotFailed: () => new ApiError('IncorrectSnapshotStatus', 'The current status of the snapshot does not support this operation.', 403),
  categoryNotCopyable: () => new ApiError('InvalidSnapshotCategory.NotSupportCopy', "The specified snapshot's category does not support copy.", 403),
  sameRegion: () => new ApiError('InvalidOperation.NotSupportCopyInSameRegion', 'Copying snapshot in the same region is not supported.', 403),
  nameMalformed: () => new ApiError('InvalidSnapshotName.Malformed', 'The specified SnapshotName is wrongly formed.', 403),
  descriptionMalformed: () => new ApiError('InvalidDescription.Malformed', 'The specified description is wrongly formed.', 403),
  retentionMalformed: () => new ApiError('InvalidRetentionDays.Malformed', 'The specified RetentionDays is not valid.', 403),
  tagKeyMalformed: () => new ApiError('InvalidTagKey.Malformed', 'The specified Tag.n.Key is not valid.', 400),
  tagValueMalformed: () => new ApiError('InvalidTagValue.Malformed', 'The specified Tag.n.Value is not valid.', 400),
  tagDuplicate: () => new ApiError('Duplicate.TagKey', 'The Tag.N.Key contain duplicate key.', 400),
  tagCount: () => new ApiError('InvalidTagCount', 'The specified tags are beyond the permitted range.', 400),
  tagMismatch: () => new ApiError('InvalidTag.Mismatch', 'The specified Tag.n.Key and Tag.n.Value are not match.', 400),
  kmsWithoutEncrypted: () =>
    new ApiError('InvalidEncrypted.NotMatchKmsKeyId', 'The specified parameter Encrypted must be true when KmsKeyId is not empty.', 403),
  kmsKeyMalformed: () => new ApiError('InvalidKMSKeyId.Malformed', 'The specified parameter KMSKeyId is not valid.', 400),
  decrypt: () => new ApiError('InvalidEncrypted.NotSupportDecrypt', 'Encrypted snapshot not support copy to decrypt snapshot.', 403),
  clientTokenMalformed: () => new ApiError('InvalidClientToken.Malformed', 'The specified parameter "ClientToken" is not valid.', 400),
  idempotentMismatch: () =>
    new ApiError('IdempotentParameterMismatch', 'Request uses a client token in a previous request but is not identical to that request.', 400),
  unfinishedCopy: () =>
    new ApiError('InvalidOperation.UnfinishedCrossRegionCopy', 'This disk has unfinished cross-region copy snapshots in the target region.', 403),
  unfinishedEncryptedCopy: () =>
    new ApiError('InvalidOperation.UnfinishedEncryptedSnapshotCopy', 'This disk has unfinished encrypted copy snapshots in the target region.', 403),
  snapshotIdsMalformed: () => new ApiError('InvalidSnapshotIds.Malformed', 'The amount of specified specified snapshot Ids exceeds the limit.', 403),
  statusNotFound: () => new ApiError('InvalidStatus.NotFound', 'The specified Status is not found', 404),
  snapshotTypeNotFound: () => new ApiError('InvalidSnapshotType.NotFound', 'The specfied SnapshotType is not found', 404),
} as const;

/**
 * ModifySnapshotAttribute's error table, statuses as listed there (404 for a malformed description):
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifysnapshotattribute
 */
export const EcsModifyErrors = {
  snapshotNotFound: () => new ApiError('InvalidSnapshotId.NotFound', 'The specified SnapshotId does not exist.', 404),
  nameMalformed: () => new ApiError('InvalidSnapshotName.Malformed', 'The specified SnapshotName is wrongly formed.', 400),
  descriptionMalformed: () => new ApiError('InvalidDescription.Malformed', 'The specified description is wrongly formed.', 404),
  nothingToModify: () => new ApiError('NoAttributeToModify', 'No attribute to be modified in this request.', 400),
  // Not in the table: the page says the retention "can only be extended"; this is CopySnapshot's code for a bad value.
  retentionMalformed: () => new ApiError('InvalidRetentionDays.Malformed', 'The specified RetentionDays is not valid. It can only be extended.', 400),
} as const;
