/**
 * Tencent Cloud STS (2018-08-13) AssumeRole through the SDK's common client, as CBS is called:
 * temporary credentials of a role in another account, for the function's own credentials.
 * https://cloud.tencent.com/document/api/1312/48197
 */
import type { CallLimits } from '../contracts/driver';
import { nonEmpty, numberOf } from './answer-fields';
import { cloudError } from './cloud-error';
import type { TencentCredentials } from './credentials';
import { endpointFor } from './endpoints';
import type { ErrorClassTable } from './error-classes';
import type { AssumeRoleRequest, AssumedRole } from './assumed-role';
import { TencentClient } from './tencent-client';

type Env = Record<string, string | undefined>;

const STS_HOST = 'sts.tencentcloudapi.com';
const STS_VERSION = '2018-08-13';

/** The caller may not assume the role, or there is none: the account's trouble, not worth a retry. */
const STS_ERRORS: ErrorClassTable = {
  exact: {
    'ResourceNotFound.RoleNotFound': 'auth',
    'InternalError.GetRoleError': 'auth',
    'InvalidParameter.AccountNotAvaliable': 'auth',
    'InvalidParameter.ParamError': 'permanent',
  },
};

interface AssumeRoleAnswer {
  Credentials?: { Token?: unknown; TmpSecretId?: unknown; TmpSecretKey?: unknown };
  /** Unix seconds. */
  ExpiredTime?: unknown;
  Expiration?: unknown;
}

/** STS is regional on Tencent's side (X-TC-Region is required): the function's own region. */
export async function assumeTencentRole(caller: TencentCredentials, request: AssumeRoleRequest & { region: string }, env: Env, limits: CallLimits = {}): Promise<AssumedRole<TencentCredentials>> {
  const client = new TencentClient({
    service: 'tencent-sts', host: STS_HOST, version: STS_VERSION, region: request.region, credentials: caller,
    endpoint: endpointFor('tencent-sts', request.region, env), errors: STS_ERRORS, env, ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}),
  });
  const answer = await client.call<AssumeRoleAnswer>('AssumeRole', { RoleArn: request.roleArn, RoleSessionName: request.sessionName, DurationSeconds: request.durationSeconds }, limits);
  const c = answer.Credentials ?? {};
  const secretId = nonEmpty(c.TmpSecretId);
  const secretKey = nonEmpty(c.TmpSecretKey);
  const sessionToken = nonEmpty(c.Token);
  const seconds = numberOf(answer.ExpiredTime);
  const expiresAt = seconds !== undefined ? seconds * 1000 : Date.parse(nonEmpty(answer.Expiration) ?? '');
  if (!secretId || !secretKey || !sessionToken || !Number.isFinite(expiresAt)) {
    throw cloudError({ service: 'tencent-sts', action: 'AssumeRole', code: 'IncompleteAnswer', message: 'AssumeRole answered without complete credentials', errorClass: 'transient' });
  }
  return { credentials: { secretId, secretKey, sessionToken }, expiresAt, calls: client.callCount };
}
