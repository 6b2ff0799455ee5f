import type { CloudName } from '../keys';
import type { RoleSeed } from '../seed';

/**
 * The roles of every account, read from the seed's `roles`. The ARN tells the cloud:
 * - Alibaba RAM: `acs:ram::<account id>:role/<role name>`
 *   (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole)
 * - Tencent CAM: `qcs::cam::uin/<uin>:roleName/<name>` or `qcs::cam::uin/<uin>:role/<role id>`
 *   (https://www.tencentcloud.com/document/product/1150/49456)
 */

export interface ParsedRoleArn {
  cloud: CloudName;
  /** The account id (Alibaba) or uin (Tencent) the ARN names. */
  owner: string;
  name: string;
}

const ALIYUN_ARN = /^acs:ram::([^:/\s]+):role\/([^\s]+)$/;
const TENCENT_ARN = /^qcs::cam::uin\/([^:/\s]+):(?:roleName|role)\/([^\s]+)$/;

export function parseRoleArn(arn: string): ParsedRoleArn | undefined {
  const aliyun = ALIYUN_ARN.exec(arn);
  if (aliyun) return { cloud: 'aliyun', owner: aliyun[1] ?? '', name: aliyun[2] ?? '' };
  const tencent = TENCENT_ARN.exec(arn);
  if (tencent) return { cloud: 'tencent', owner: tencent[1] ?? '', name: tencent[2] ?? '' };
  return undefined;
}

export interface Role {
  arn: string;
  cloud: CloudName;
  /** The owner the ARN names (not necessarily the emulated account's id). */
  owner: string;
  accountId: string;
  trustedKeyIds: ReadonlySet<string>;
  maxSessionDuration: number;
  /** A stable id in the cloud's shape, for AssumedRoleId. */
  roleId: string;
}

/** The longest session a role grants unless the seed says: Alibaba's new-role default, Tencent's API maximum. */
const DEFAULT_MAX_SESSION: Readonly<Record<CloudName, number>> = { aliyun: 3600, tencent: 43200 };
const MAX_SESSION_RANGE: Readonly<Record<CloudName, readonly [number, number]>> = { aliyun: [3600, 43200], tencent: [1, 43200] };

export class RoleDirectory {
  private roles = new Map<string, Role>();

  /** The seed's roles; throws RangeError (before changing anything) for one the local cloud cannot use. */
  reset(seeds: readonly RoleSeed[] | undefined, accountIds: ReadonlySet<string>): void {
    const roles = new Map<string, Role>();
    (seeds ?? []).forEach((seed, index) => {
      const where = `roles[${index}]`;
      if (seed === null || typeof seed !== 'object') throw new RangeError(`${where} must be an object { arn, accountId, trustedAccessKeyIds }`);
      const parsed = typeof seed.arn === 'string' ? parseRoleArn(seed.arn) : undefined;
      if (!parsed) throw new RangeError(`${where}.arn must be acs:ram::<account>:role/<name> or qcs::cam::uin/<uin>:roleName/<name>`);
      if (roles.has(seed.arn)) throw new RangeError(`${where}: role ${seed.arn} appears twice`);
      if (typeof seed.accountId !== 'string' || !accountIds.has(seed.accountId)) {
        throw new RangeError(`${where}.accountId must be an account the seed has (${[...accountIds].join(', ')})`);
      }
      if (!Array.isArray(seed.trustedAccessKeyIds) || !seed.trustedAccessKeyIds.every((id) => typeof id === 'string')) {
        throw new RangeError(`${where}.trustedAccessKeyIds must be a list of key ids`);
      }
      const [least, most] = MAX_SESSION_RANGE[parsed.cloud];
      const maxSessionDuration = seed.maxSessionDuration ?? DEFAULT_MAX_SESSION[parsed.cloud];
      if (!Number.isInteger(maxSessionDuration) || maxSessionDuration < least || maxSessionDuration > most) {
        throw new RangeError(`${where}.maxSessionDuration must be an integer from ${least} to ${most}`);
      }
      const serial = String(index + 1).padStart(6, '0');
      roles.set(seed.arn, {
        arn: seed.arn,
        cloud: parsed.cloud,
        owner: parsed.owner,
        accountId: seed.accountId,
        trustedKeyIds: new Set(seed.trustedAccessKeyIds),
        maxSessionDuration,
        roleId: parsed.cloud === 'aliyun' ? `3${serial}00000000000` : `46116860184${serial}`,
      });
    });
    this.roles = roles;
  }

  find(arn: string): Role | undefined {
    return this.roles.get(arn);
  }

  /** Whether any role of `cloud` belongs to the owner an ARN names: an owner none has is an account that does not exist. */
  hasOwner(cloud: CloudName, owner: string): boolean {
    for (const role of this.roles.values()) if (role.cloud === cloud && role.owner === owner) return true;
    return false;
  }
}
