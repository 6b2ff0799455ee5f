/**
 * Reaching another account: its role's credentials, assumed with the function's own (kept warm by
 * AssumedRoles), and a driver made with them. The session name shows in the account's audit trail.
 */
import { apiTimeoutMs } from '../clouds/api-timeout';
import type { AssumedRoles } from '../clouds/assumed-role';
import type { AliyunCredentials, TencentCredentials } from '../clouds/credentials';
import type { DriverFactory } from '../clouds/driver-factory';
import type { CloudDriver } from '../contracts/driver';
import type { Account } from '../contracts/policy';

type Env = Record<string, string | undefined>;

export const ROLE_SESSION_NAME = 'snapshot-replicator';

export interface AccountAccess {
  /** A driver acting in `account`, with credentials valid for at least `validForMs`, and the API calls that took. */
  driver(account: Account, env: Env, validForMs: number): Promise<{ driver: CloudDriver; calls: number }>;
  /** The cloud refused the account's kept credentials: assume the role again next time. */
  forget(account: Account): void;
}

export function accountAccess<C extends AliyunCredentials | TencentCredentials>(roles: AssumedRoles<C>, caller: (env: Env) => C, drivers: DriverFactory<C>): AccountAccess {
  return {
    async driver(account, env, validForMs) {
      const { credentials, calls } = await roles.credentialsFor(caller(env), account.roleArn, validForMs, { timeoutMs: apiTimeoutMs(env) });
      return { driver: drivers(credentials, env), calls };
    },
    forget: (account) => roles.forget(account.roleArn),
  };
}
