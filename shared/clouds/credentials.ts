import { InputError } from '../contracts/errors';
import { registerSecret } from '../secrets/redact';

export interface AliyunCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** Present for STS (temporary) credentials, such as the ones FC hands a function through its role. */
  securityToken?: string;
}

export interface TencentCredentials {
  secretId: string;
  secretKey: string;
  sessionToken?: string;
}

/** The part of an FC 3.0 context that carries the role's temporary credentials. */
export interface FcCredentialSource {
  credentials?: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string } | null;
}

type Env = Record<string, string | undefined>;

/**
 * The credential boundary: every set of credentials the project uses passes through here once it is
 * known, and its secret parts are masked from then on, in every output, in any encoding.
 */
export function registerCredentialSecrets<C extends AliyunCredentials | TencentCredentials>(credentials: C): C {
  // Everything but the key's id: the secret, and the STS token when there is one.
  for (const [field, value] of Object.entries(credentials)) if (!field.endsWith('Id')) registerSecret(value);
  return credentials;
}

function missing(field: string): InputError {
  return new InputError('InvalidConfiguration', [{ field, rule: 'is required (no credentials found)' }]);
}

/** FC's `context.credentials` first, then the standard environment variables. */
export function aliyunCredentials(context: FcCredentialSource | undefined, env: Env = process.env): AliyunCredentials {
  const fromContext = context?.credentials;
  // The context is the platform's untyped object: a field that is not text is no credential.
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const contextKeyId = text(fromContext?.accessKeyId);
  const accessKeyId = contextKeyId || env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = text(fromContext?.accessKeySecret) || env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  const securityToken = (contextKeyId ? text(fromContext?.securityToken) : env.ALIBABA_CLOUD_SECURITY_TOKEN) || undefined;
  if (!accessKeyId) throw missing('ALIBABA_CLOUD_ACCESS_KEY_ID');
  if (!accessKeySecret) throw missing('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
  return registerCredentialSecrets(securityToken ? { accessKeyId, accessKeySecret, securityToken } : { accessKeyId, accessKeySecret });
}

/** SCF puts the execution role's credentials in the environment. */
export function tencentCredentials(env: Env = process.env): TencentCredentials {
  const secretId = env.TENCENTCLOUD_SECRETID;
  const secretKey = env.TENCENTCLOUD_SECRETKEY;
  const sessionToken = env.TENCENTCLOUD_SESSIONTOKEN || undefined;
  if (!secretId) throw missing('TENCENTCLOUD_SECRETID');
  if (!secretKey) throw missing('TENCENTCLOUD_SECRETKEY');
  return registerCredentialSecrets(sessionToken ? { secretId, secretKey, sessionToken } : { secretId, secretKey });
}
