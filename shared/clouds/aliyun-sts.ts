/**
 * Alibaba Cloud STS (2015-04-01) AssumeRole over pop-core's RPC client, as ECS and ENS are called:
 * temporary credentials of a role in another account, for the function's own credentials.
 * https://help.aliyun.com/zh/ram/developer-reference/api-sts-2015-04-01-assumerole
 */
import type { CallLimits } from '../contracts/driver';
import { AliyunRpc } from './aliyun-rpc';
import { nonEmpty } from './answer-fields';
import { cloudError } from './cloud-error';
import type { AliyunCredentials } from './credentials';
import { endpointFor } from './endpoints';
import type { ErrorClassTable } from './error-classes';
import type { AssumeRoleRequest, AssumedRole } from './assumed-role';

type Env = Record<string, string | undefined>;

const STS_API_VERSION = '2015-04-01';

/** The caller may not assume the role, or there is none: the account's trouble, not worth a retry. */
const STS_ERRORS: ErrorClassTable = {
  exact: { NoPermission: 'auth', 'EntityNotExist.Role': 'auth', 'InvalidParameter.RoleArn': 'permanent' },
};

interface AssumeRoleAnswer {
  Credentials?: { AccessKeyId?: unknown; AccessKeySecret?: unknown; SecurityToken?: unknown; Expiration?: unknown };
}

export async function assumeAliyunRole(caller: AliyunCredentials, request: AssumeRoleRequest, env: Env, limits: CallLimits = {}): Promise<AssumedRole<AliyunCredentials>> {
  const rpc = new AliyunRpc({ service: 'aliyun-sts', apiVersion: STS_API_VERSION, endpoint: endpointFor('aliyun-sts', '', env), credentials: caller, errors: STS_ERRORS, ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}) });
  const answer = await rpc.call<AssumeRoleAnswer>('AssumeRole', { RoleArn: request.roleArn, RoleSessionName: request.sessionName, DurationSeconds: request.durationSeconds }, limits);
  const c = answer.Credentials ?? {};
  const accessKeyId = nonEmpty(c.AccessKeyId);
  const accessKeySecret = nonEmpty(c.AccessKeySecret);
  const securityToken = nonEmpty(c.SecurityToken);
  const expiresAt = Date.parse(nonEmpty(c.Expiration) ?? '');
  if (!accessKeyId || !accessKeySecret || !securityToken || !Number.isFinite(expiresAt)) {
    throw cloudError({ service: 'aliyun-sts', action: 'AssumeRole', code: 'IncompleteAnswer', message: 'AssumeRole answered without complete credentials', errorClass: 'transient' });
  }
  return { credentials: { accessKeyId, accessKeySecret, securityToken }, expiresAt, calls: rpc.callCount };
}
