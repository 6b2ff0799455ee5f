import { CloudError, type CloudErrorInit } from '../contracts/errors';
import { redact } from '../secrets/redact';

/**
 * The adapters' one way to make a CloudError: the service's message, redacted as it enters the
 * project (an SDK's message can quote a signed URL or a string to sign).
 */
export function cloudError(init: CloudErrorInit): CloudError {
  return new CloudError({ ...init, message: redact(init.message) });
}
