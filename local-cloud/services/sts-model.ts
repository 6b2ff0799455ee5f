import type { ApiError } from '../api-error';
import type { Clock } from '../clock';
import type { CloudName, IssuedCredentials, KeyStore } from '../keys';
import { parseRoleArn, type Role, type RoleDirectory } from './roles';

/**
 * STS AssumeRole, on typed requests, for either cloud: the rules (durations, names, error codes)
 * differ per cloud and come in as StsRules (aliyun-sts-errors.ts, tencent-sts-errors.ts); the
 * steps are the same. A caller the role does not trust is refused; an accepted one gets temporary
 * credentials that reach the role's account, and only it, until they expire on the emulated clock.
 */

export interface AssumeRoleRequest {
  roleArn?: string;
  roleSessionName?: string;
  /** As sent; NaN when the value was not an integer. */
  durationSeconds?: number;
  policy?: string;
  externalId?: string;
}

export interface AssumedRole {
  credentials: IssuedCredentials;
  /** Whole seconds of the emulated clock. */
  expiresAtMs: number;
  role: Role;
  sessionName: string;
}

export interface StsErrors {
  missing(name: string): ApiError;
  roleArnMalformed(arn: string): ApiError;
  sessionNameMalformed(): ApiError;
  /** A duration outside what the API takes at all (not an integer, or out of its range). */
  durationInvalid(seconds: number): ApiError;
  /** A duration the API takes but the role does not grant (past its MaxSessionDuration). */
  durationOverRole(max: number): ApiError;
  policyMalformed(): ApiError;
  /** The ARN names an owner no account has. */
  accountNotFound(arn: string): ApiError;
  roleNotFound(arn: string): ApiError;
  /** The caller is not in the role's trust policy. */
  untrusted(arn: string): ApiError;
}

export interface StsRules {
  cloud: CloudName;
  defaultDurationSeconds: number;
  minDurationSeconds: number;
  maxDurationSeconds: number;
  sessionName: RegExp;
  /** Whether the service can read a `Policy` value as a policy document. */
  policyReadable(policy: string): boolean;
  errors: StsErrors;
}

export class StsModel {
  constructor(
    private readonly rules: () => StsRules,
    private readonly roles: RoleDirectory,
    private readonly keys: KeyStore,
    private readonly clock: Clock,
  ) {}

  assumeRole(request: AssumeRoleRequest, callerKeyId: string): AssumedRole {
    const rules = this.rules();
    const { errors } = rules;
    const arn = request.roleArn;
    if (arn === undefined) throw errors.missing('RoleArn');
    const sessionName = request.roleSessionName;
    if (sessionName === undefined) throw errors.missing('RoleSessionName');
    const parsed = parseRoleArn(arn);
    if (!parsed || parsed.cloud !== rules.cloud) throw errors.roleArnMalformed(arn);
    if (!rules.sessionName.test(sessionName)) throw errors.sessionNameMalformed();
    const duration = request.durationSeconds ?? rules.defaultDurationSeconds;
    if (!Number.isInteger(duration) || duration < rules.minDurationSeconds || duration > rules.maxDurationSeconds) throw errors.durationInvalid(duration);
    if (request.policy !== undefined && !rules.policyReadable(request.policy)) throw errors.policyMalformed();

    const role = this.roles.find(arn);
    if (!role) throw this.roles.hasOwner(rules.cloud, parsed.owner) ? errors.roleNotFound(arn) : errors.accountNotFound(arn);
    if (!role.trustedKeyIds.has(callerKeyId)) throw errors.untrusted(arn);
    if (duration > role.maxSessionDuration) throw errors.durationOverRole(role.maxSessionDuration);

    const expiresAtMs = Math.floor((this.clock.now() + duration * 1000) / 1000) * 1000;
    const credentials = this.keys.issue(rules.cloud, role.accountId, expiresAtMs);
    return { credentials, expiresAtMs, role, sessionName };
  }
}
