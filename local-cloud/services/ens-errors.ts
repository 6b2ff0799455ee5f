import { ApiError } from '../api-error';

/**
 * The codes ENS answers with, all HTTP 400. Two families are documented: `Invalid%s` ("The specified
 * parameter %s is invalid", CopySnapshot) and `InvalidParameter.%s` (CreateSnapshot, DeleteSnapshot,
 * ModifySnapshotAttribute); DeleteSnapshot adds its own upper-case codes
 * (docs/api-facts.md § "ENS CopySnapshot", § "ENS CreateSnapshot", § "ENS DeleteSnapshot").
 */
export const EnsErrors = {
  /** `Invalid%s`, with the suffixes the project's adapter acts on (`.NotFound`, `.NotReady`). */
  invalid: (param: string, detail: string, suffix = '') =>
    new ApiError(`Invalid${param}${suffix}`, `The specified parameter ${param} is invalid. ${detail}`, 400),
  invalidParameter: (field: string, detail: string) =>
    new ApiError(`InvalidParameter.${field}`, `The specified field ${field} invalid. Please check it again. ${detail}`, 400),
  /** DeleteSnapshot: either documented code may come back for a snapshot that is not there (seed variant). */
  snapshotNotFound: (code: 'ERROR_SNAPSHOT_NOT_FOUND' | 'INSTANCE_ID_NOT_FOUND', id: string) =>
    new ApiError(code, `The snapshot ${id} is not found.`, 400),
  copyInProgress: (id: string) =>
    new ApiError('ERROR_SNAPSHOT_COPY_IN_PROGRESS', `The snapshot ${id} has a copy that is not finished yet.`, 400),
  statusNotMatch: (id: string, status: string) =>
    new ApiError('DISK_SNAPSHOT_STATUS_NOT_MATCH', `The snapshot ${id} is ${status}; its status does not allow this operation.`, 400),
  /**
   * ModifySnapshotAttribute's own code for an unknown id:
   * https://www.alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-modifysnapshotattribute
   */
  modifyNotFound: () => new ApiError('SnapshotIdNotFound', 'The input parameter SnapshotId that is not found.', 400),
} as const;
