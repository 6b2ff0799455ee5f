/**
 * The stand-in's ACS3-HMAC-SHA256 check is the local cloud's (local-cloud/wire/acs3.ts, which FC 3.0
 * InvokeFunction goes through there too); here its refusals become the stand-in's Refusal.
 */
import { ApiError } from '../../../local-cloud/api-error';
import type { AliyunKey } from '../../../local-cloud/seed';
import { verifyAcs3 as verifyInLocalCloud } from '../../../local-cloud/wire/acs3';
import { Refusal, type SignedRequest } from './refusal';

export { acs3Signature } from '../../../local-cloud/wire/acs3';

/** Answers the key that signed the request, or throws the refusal the platform would answer. */
export function verifyAcs3(req: SignedRequest, keys: readonly AliyunKey[], nowMs = Date.now()): AliyunKey {
  try {
    return verifyInLocalCloud(req, keys, nowMs);
  } catch (error) {
    if (error instanceof ApiError) throw new Refusal(error.httpStatus, error.code, error.message);
    throw error;
  }
}
