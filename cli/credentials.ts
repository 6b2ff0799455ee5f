/**
 * The caller's own credentials, found where the vendors' tools keep them, first match wins:
 *   Alibaba: ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN, then the aliyun CLI's
 *            ~/.aliyun/config.json (profile ALIBABA_CLOUD_PROFILE, else `current`; modes AK and StsToken)
 *   Tencent: TENCENTCLOUD_SECRETID / _SECRETKEY / _SESSIONTOKEN, then tccli's ~/.tccli/default.credential
 * HOME is read from the given environment so a test (or a user) can point it elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../shared/contracts/errors';
import { registerCredentialSecrets, type AliyunCredentials, type TencentCredentials } from '../shared/clouds/credentials';

type Env = Record<string, string | undefined>;

export interface CallerCredentials<C> {
  credentials: C;
  /** Where they came from, for messages: never the secret itself. */
  source: string;
  /** The region the profile names, if any (aliyun CLI profiles carry one). */
  region?: string;
}

function home(env: Env): string {
  return env.HOME || env.USERPROFILE || homedir();
}

function problem(field: string, rule: string): InputError {
  return new InputError('InvalidConfiguration', [{ field, rule }]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function readJson(path: string, shownAs: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw problem(shownAs, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw problem(shownAs, 'is not valid JSON');
  }
}

function fromEnv(env: Env, idVar: string, secretVar: string): { id: string; secret: string } | undefined {
  const id = nonEmpty(env[idVar]);
  const secret = nonEmpty(env[secretVar]);
  if (!id && !secret) return undefined;
  if (!id) throw problem(idVar, `must be set together with ${secretVar}`);
  if (!secret) throw problem(secretVar, `must be set together with ${idVar}`);
  return { id, secret };
}

const ALIYUN_CONFIG = '~/.aliyun/config.json';

function aliyunProfile(env: Env): CallerCredentials<AliyunCredentials> | undefined {
  if (env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED?.toLowerCase() === 'true') return undefined;
  const path = join(home(env), '.aliyun', 'config.json');
  if (!existsSync(path)) return undefined;
  const config = readJson(path, ALIYUN_CONFIG);
  const profiles = isRecord(config) && Array.isArray(config.profiles) ? config.profiles : [];
  const name = nonEmpty(env.ALIBABA_CLOUD_PROFILE) ?? (isRecord(config) ? nonEmpty(config.current) : undefined) ?? 'default';
  const index = profiles.findIndex((p) => isRecord(p) && p.name === name);
  const profile: unknown = profiles[index];
  if (!isRecord(profile)) throw problem(ALIYUN_CONFIG, `has no profile named ${JSON.stringify(name)}`);
  const at = `${ALIYUN_CONFIG} profiles[${index}]`;
  const mode = nonEmpty(profile.mode) ?? 'AK';
  if (mode !== 'AK' && mode !== 'StsToken') {
    throw problem(`${at}.mode`, `is ${JSON.stringify(mode)}: only AK and StsToken profiles are read; export ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET instead`);
  }
  const accessKeyId = nonEmpty(profile.access_key_id);
  const accessKeySecret = nonEmpty(profile.access_key_secret);
  if (!accessKeyId) throw problem(`${at}.access_key_id`, 'is required');
  if (!accessKeySecret) throw problem(`${at}.access_key_secret`, 'is required');
  const securityToken = mode === 'StsToken' ? nonEmpty(profile.sts_token) : undefined;
  if (mode === 'StsToken' && !securityToken) throw problem(`${at}.sts_token`, 'is required for mode StsToken');
  const region = nonEmpty(profile.region_id);
  return {
    credentials: securityToken ? { accessKeyId, accessKeySecret, securityToken } : { accessKeyId, accessKeySecret },
    source: `${ALIYUN_CONFIG} (profile ${name})`,
    ...(region ? { region } : {}),
  };
}

export function callerAliyunCredentials(env: Env): CallerCredentials<AliyunCredentials> {
  const keys = fromEnv(env, 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET');
  let found: CallerCredentials<AliyunCredentials> | undefined;
  if (keys) {
    const securityToken = nonEmpty(env.ALIBABA_CLOUD_SECURITY_TOKEN);
    found = {
      credentials: securityToken ? { accessKeyId: keys.id, accessKeySecret: keys.secret, securityToken } : { accessKeyId: keys.id, accessKeySecret: keys.secret },
      source: 'environment (ALIBABA_CLOUD_ACCESS_KEY_ID)',
    };
  } else {
    found = aliyunProfile(env);
  }
  if (!found) {
    throw problem('credentials', 'no Alibaba Cloud credentials found: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure the aliyun CLI (~/.aliyun/config.json)');
  }
  registerCredentialSecrets(found.credentials);
  return found;
}

const TCCLI_CREDENTIAL = '~/.tccli/default.credential';

function tccliCredential(env: Env): CallerCredentials<TencentCredentials> | undefined {
  const path = join(home(env), '.tccli', 'default.credential');
  if (!existsSync(path)) return undefined;
  const file = readJson(path, TCCLI_CREDENTIAL);
  const fields = isRecord(file) ? file : {};
  const secretId = nonEmpty(fields.secretId);
  const secretKey = nonEmpty(fields.secretKey);
  if (!secretId) throw problem(`${TCCLI_CREDENTIAL} secretId`, 'is required');
  if (!secretKey) throw problem(`${TCCLI_CREDENTIAL} secretKey`, 'is required');
  const sessionToken = nonEmpty(fields.token);
  return { credentials: sessionToken ? { secretId, secretKey, sessionToken } : { secretId, secretKey }, source: TCCLI_CREDENTIAL };
}

export function callerTencentCredentials(env: Env): CallerCredentials<TencentCredentials> {
  const keys = fromEnv(env, 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY');
  let found: CallerCredentials<TencentCredentials> | undefined;
  if (keys) {
    const sessionToken = nonEmpty(env.TENCENTCLOUD_SESSIONTOKEN);
    found = {
      credentials: sessionToken ? { secretId: keys.id, secretKey: keys.secret, sessionToken } : { secretId: keys.id, secretKey: keys.secret },
      source: 'environment (TENCENTCLOUD_SECRETID)',
    };
  } else {
    found = tccliCredential(env);
  }
  if (!found) {
    throw problem('credentials', 'no Tencent Cloud credentials found: set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY, or configure tccli (~/.tccli/default.credential)');
  }
  registerCredentialSecrets(found.credentials);
  return found;
}
