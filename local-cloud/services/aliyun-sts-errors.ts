import { ApiError } from '../api-error';
import { missingParameter } from '../wire/rpc-params';
import type { StsRules } from './sts-model';

/**
 * Alibaba Cloud STS AssumeRole (2015-04-01): its limits and error codes, from the API page
 * https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole and the
 * STS error list https://www.alibabacloud.com/help/en/oss/how-to-handle-the-common-errors-when-you-access-oss-by-using-sts
 * (DurationSeconds 900..MaxSessionDuration, default 3600; RoleSessionName 2..64 of letters, digits, `. @ - _`;
 * Policy 1..2048 characters).
 */

const MAX_POLICY_CHARS = 2048;

function isPolicyDocument(text: string): boolean {
  if (text.length < 1 || text.length > MAX_POLICY_CHARS) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

export const ALIYUN_STS_RULES: StsRules = {
  cloud: 'aliyun',
  defaultDurationSeconds: 3600,
  minDurationSeconds: 900,
  maxDurationSeconds: 43200,
  sessionName: /^[\w.@-]{2,64}$/,
  policyReadable: isPolicyDocument,
  errors: {
    missing: missingParameter,
    roleArnMalformed: () => new ApiError('InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.', 400),
    sessionNameMalformed: () => new ApiError('InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.', 400),
    durationInvalid: () => new ApiError('InvalidParameter.DurationSeconds', 'DurationSeconds must be from 900 to the role\'s MaxSessionDuration.', 400),
    durationOverRole: (max) => new ApiError('InvalidParameter.DurationSeconds', `DurationSeconds must be from 900 to the role's MaxSessionDuration (${max}).`, 400),
    policyMalformed: () => new ApiError('InvalidParameter.PolicyGrammar', 'The parameter Policy has not passed grammar check.', 400),
    // RAM answers the same code whether the account or only the role is missing.
    accountNotFound: (arn) => new ApiError('EntityNotExist.Role', `The specified Role not exists: ${arn}.`, 404),
    roleNotFound: (arn) => new ApiError('EntityNotExist.Role', `The specified Role not exists: ${arn}.`, 404),
    untrusted: (arn) => new ApiError('NoPermission', `You are not authorized to assume ${arn}: the caller is not in the role's trust policy.`, 403),
  },
};
