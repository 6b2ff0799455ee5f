import { ApiError } from '../api-error';
import type { VariantsSeed } from '../seed';
import type { StsRules } from './sts-model';

/**
 * Tencent Cloud STS AssumeRole (2018-08-13): its limits and error codes, from the API page
 * https://www.tencentcloud.com/document/product/1150/49456 (DurationSeconds default 7200, at most
 * 43200; RoleSessionName 2..128 of letters, digits and `= , . @ _ -`; Policy URL-encoded) and the
 * action's error list in the official SDKs (tencentcloud-sdk-go, tencentcloud/sts/v20180813/errors.go).
 * Tencent answers API errors with HTTP 200.
 */

const error = (code: string, message: string): ApiError => new ApiError(code, message, 200);

function isPolicyDocument(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(text));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

const MAX_DURATION_SECONDS = 43200;

export function tencentStsRules(variants: Required<VariantsSeed>): StsRules {
  return {
    cloud: 'tencent',
    defaultDurationSeconds: 7200,
    minDurationSeconds: 1,
    maxDurationSeconds: MAX_DURATION_SECONDS,
    sessionName: /^[\w+=,.@-]{2,128}$/,
    policyReadable: isPolicyDocument,
    errors: {
      missing: (name) => error('MissingParameter', `The request is missing a required parameter \`${name}\`.`),
      roleArnMalformed: (arn) => error('InvalidParameter.ParamError', `RoleArn ${arn} is not a role's resource description.`),
      sessionNameMalformed: () => error('InvalidParameter.ParamError', 'RoleSessionName must be 2 to 128 of letters, digits and =,.@_-.'),
      durationInvalid: (seconds) =>
        seconds > MAX_DURATION_SECONDS
          ? error('InvalidParameter.OverTimeError', `DurationSeconds may be at most ${MAX_DURATION_SECONDS}.`)
          : error('InvalidParameter.ParamError', 'DurationSeconds must be a positive integer.'),
      durationOverRole: (max) => error('InvalidParameter.OverTimeError', `DurationSeconds may be at most ${max} for this role.`),
      policyMalformed: () => error('InvalidParameter.StrategyFormatError', 'The policy is not a policy document.'),
      accountNotFound: (arn) => error('InvalidParameter.AccountNotAvaliable', `The account of ${arn} does not exist or is unavailable.`),
      roleNotFound: (arn) =>
        variants.tencentRoleNotFound === 'InternalError.GetRoleError'
          ? error('InternalError.GetRoleError', `Failed to get the role ${arn}.`)
          : error('ResourceNotFound.RoleNotFound', `The role ${arn} does not exist.`),
      untrusted: (arn) => error('UnauthorizedOperation', `The caller is not in the trust policy of ${arn}.`),
    },
  };
}
