import { randomBytes } from 'node:crypto';
import type { AliyunKey, Seed, TencentKey } from './seed';

export type CloudName = 'aliyun' | 'tencent';

/** A key and what it reaches: one account, until `expiresAtMs` (emulated clock) for temporary keys STS issued. */
interface OwnedKey<K> {
  key: K;
  accountId: string;
  expiresAtMs?: number;
}

/** Temporary credentials in neutral names: each STS renderer answers them in its cloud's. */
export interface IssuedCredentials {
  keyId: string;
  secret: string;
  token: string;
}

/** Where a verified key may go: its account, unless it has expired. */
export interface KeyStanding {
  accountId: string;
  expired: boolean;
}

function secretText(bytes: number): string {
  return randomBytes(bytes).toString('base64');
}

/** Letters and digits only, as key ids are. */
function idText(length: number): string {
  return randomBytes(length * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, length).padEnd(length, '0');
}

/**
 * Every key the local cloud accepts: those the seed lists (each in the account it names, or the
 * default one), and the temporary ones STS issued since the last reset (in the assumed role's account).
 */
export class KeyStore {
  private aliyun = new Map<string, OwnedKey<AliyunKey>>();
  private tencent = new Map<string, OwnedKey<TencentKey>>();
  private issued = 0;

  /** The seed's keys; throws RangeError (before changing anything) for a key naming an account the seed does not have. */
  reset(credentials: Seed['credentials'], defaultAccountId: string, accountIds: ReadonlySet<string>): void {
    const aliyun = new Map<string, OwnedKey<AliyunKey>>();
    const tencent = new Map<string, OwnedKey<TencentKey>>();
    const accountOf = (where: string, accountId: string | undefined): string => {
      if (accountId === undefined) return defaultAccountId;
      if (!accountIds.has(accountId)) throw new RangeError(`${where} names account ${accountId}, which the seed does not have`);
      return accountId;
    };
    // The first of two keys with one id is the one checked, as it always was.
    for (const key of credentials?.aliyun ?? []) {
      if (!aliyun.has(key.accessKeyId)) aliyun.set(key.accessKeyId, { key, accountId: accountOf(`credentials.aliyun ${key.accessKeyId}`, key.accountId) });
    }
    for (const key of credentials?.tencent ?? []) {
      if (!tencent.has(key.secretId)) tencent.set(key.secretId, { key, accountId: accountOf(`credentials.tencent ${key.secretId}`, key.accountId) });
    }
    this.aliyun = aliyun;
    this.tencent = tencent;
    this.issued = 0;
  }

  /** The signature checks' lookups. */
  readonly aliyunKey = (accessKeyId: string): AliyunKey | undefined => this.aliyun.get(accessKeyId)?.key;
  readonly tencentKey = (secretId: string): TencentKey | undefined => this.tencent.get(secretId)?.key;

  /** The account a key the signature check accepted reaches, and whether it has expired by `nowMs`. */
  standing(cloud: CloudName, keyId: string, nowMs: number): KeyStanding | undefined {
    const owned = cloud === 'aliyun' ? this.aliyun.get(keyId) : this.tencent.get(keyId);
    if (!owned) return undefined;
    return { accountId: owned.accountId, expired: owned.expiresAtMs !== undefined && nowMs >= owned.expiresAtMs };
  }

  /**
   * New temporary credentials reaching `accountId` until `expiresAtMs`, in each cloud's id shape:
   * Alibaba `STS.` ids with a SecurityToken, Tencent `AKID` ids with a session token.
   */
  issue(cloud: CloudName, accountId: string, expiresAtMs: number): IssuedCredentials {
    this.issued += 1;
    const serial = this.issued.toString(36).padStart(6, '0');
    const secret = cloud === 'aliyun' ? idText(40) : idText(32);
    // Real tokens are long base64 text: `+`, `/` and `=` must survive every client's encoding.
    const token = cloud === 'aliyun' ? `CAIS${secretText(180)}` : secretText(180);
    if (cloud === 'aliyun') {
      const keyId = `STS.NT${serial}${idText(19)}`;
      this.aliyun.set(keyId, { key: { accessKeyId: keyId, accessKeySecret: secret, securityToken: token }, accountId, expiresAtMs });
      return { keyId, secret, token };
    }
    const keyId = `AKID${serial}${idText(30)}`;
    this.tencent.set(keyId, { key: { secretId: keyId, secretKey: secret, sessionToken: token }, accountId, expiresAtMs });
    return { keyId, secret, token };
  }
}
