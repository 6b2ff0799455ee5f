/**
 * Credentials of roles in other accounts, assumed with the function's own and kept while a whole run
 * can still use them: a warm instance sweeping the same account again asks STS nothing. Every use
 * registers the secret parts with the redaction registry again, so the credentials in use are never
 * the ones it has let go of.
 */
import type { CallLimits } from '../contracts/driver';
import { registerCredentialSecrets, type AliyunCredentials, type TencentCredentials } from './credentials';

export interface AssumeRoleRequest {
  roleArn: string;
  /** Shown in the account's audit trail (ActionTrail, CloudAudit) as who acted. */
  sessionName: string;
  durationSeconds: number;
  timeoutMs?: number;
}

export interface AssumedRole<C> {
  credentials: C;
  /** ms since the epoch. */
  expiresAt: number;
  /** API requests it took (for the run's count). */
  calls: number;
}

/** Long enough for any run (FC and SCF cap a function at 15 minutes here), short of the role's shortest maximum (1 h). */
export const ROLE_SESSION_SECONDS = 3600;

type Caller = AliyunCredentials | TencentCredentials;
const keyIdOf = (c: Caller): string => ('accessKeyId' in c ? c.accessKeyId : c.secretId);

export class AssumedRoles<C extends Caller> {
  private readonly kept = new Map<string, { callerKeyId: string; role: AssumedRole<C> }>();

  constructor(
    private readonly assume: (caller: C, roleArn: string, limits: CallLimits) => Promise<AssumedRole<C>>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The role's credentials, valid for at least `validForMs` more, and the calls it took to get them (0 when kept). */
  async credentialsFor(caller: C, roleArn: string, validForMs: number, limits: CallLimits = {}): Promise<{ credentials: C; calls: number }> {
    const kept = this.kept.get(roleArn);
    if (kept && kept.callerKeyId === keyIdOf(caller) && kept.role.expiresAt - this.now() > validForMs) {
      return { credentials: registerCredentialSecrets(kept.role.credentials), calls: 0 };
    }
    const role = await this.assume(caller, roleArn, limits);
    this.kept.set(roleArn, { callerKeyId: keyIdOf(caller), role });
    return { credentials: registerCredentialSecrets(role.credentials), calls: role.calls };
  }

  /** Lets go of a role's credentials the cloud has refused (expired by its clock, or revoked). */
  forget(roleArn: string): void {
    this.kept.delete(roleArn);
  }
}
