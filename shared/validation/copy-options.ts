/**
 * Options of a copy that the policy and manual requests set per destination, with the API's rules
 * (docs/api-facts.md § "ECS CopySnapshot"). Retention uses the same range on every cloud: CBS turns it into a
 * Deadline and ENS into pruning, and neither documents a range of its own.
 */
import { type Check, integerBetween, lengthBetween } from './rules';

export const checkRetentionDays: Check<number> = integerBetween(1, 65536);

/** KMSKeyId: at most 64 characters (an empty id is meaningless, so 1-64). */
export const checkKmsKeyId: Check<string> = lengthBetween(1, 64);

/** A KMS key is accepted only with encryption on (the API answers InvalidEncrypted.NotMatchKmsKeyId). */
export function checkKmsNeedsEncryption(
  kmsKeyId: string | undefined,
  encrypted: boolean | undefined,
  encryptedField = 'encrypted',
): string | null {
  return kmsKeyId !== undefined && encrypted !== true ? `is allowed only when ${encryptedField} is true` : null;
}
