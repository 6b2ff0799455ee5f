/** The environment a handler bundle reads, pointed at a local cloud: shared by the tests and the benchmarks. */

export interface RoleKeys {
  aliyun: { accessKeyId: string; accessKeySecret: string; securityToken: string };
  tencent: { secretId: string; secretKey: string; sessionToken: string };
}

/** Set to these values; every other variable a handler reads for keys or proxies is unset. */
const UNSET = ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN'];

/**
 * Every adapter's endpoint at `url`, the SCF role's keys in its variables, no Alibaba keys in the
 * environment (FC hands them over in the context), and the policy. Proxy variables stay unset: the
 * Tencent SDK would send even loopback traffic through a lowercase http_proxy.
 */
export function handlerEnvironment(url: string, keys: RoleKeys, policy: unknown): Record<string, string> {
  return {
    ALIYUN_ECS_ENDPOINT: url,
    ALIYUN_ENS_ENDPOINT: url,
    TENCENT_CBS_ENDPOINT: url,
    // The platform APIs of a deployment over many accounts: STS, and the function invoking itself.
    ALIYUN_STS_ENDPOINT: url,
    TENCENT_STS_ENDPOINT: url,
    ALIYUN_FC_ENDPOINT: url,
    TENCENT_SCF_ENDPOINT: url,
    TENCENTCLOUD_REGION: 'ap-guangzhou',
    TENCENTCLOUD_SECRETID: keys.tencent.secretId,
    TENCENTCLOUD_SECRETKEY: keys.tencent.secretKey,
    TENCENTCLOUD_SESSIONTOKEN: keys.tencent.sessionToken,
    REPLICATION_POLICY: typeof policy === 'string' ? policy : JSON.stringify(policy),
  };
}

/** The same, in this process's environment. */
export function pointHandlersAt(url: string, keys: RoleKeys, policy: unknown): void {
  for (const v of UNSET) delete process.env[v];
  Object.assign(process.env, handlerEnvironment(url, keys, policy));
}
