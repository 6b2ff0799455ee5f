/** The environment a handler bundle reads, pointed at a local cloud: shared by the tests and the benchmarks. */

export interface RoleKeys {
  aliyun: { accessKeyId: string; accessKeySecret: string; securityToken: string };
  tencent: { secretId: string; secretKey: string; sessionToken: string };
}

/**
 * Every adapter's endpoint at `url`, the SCF role's keys in its variables, no Alibaba keys in the
 * environment (FC hands them over in the context), and the policy. Proxy variables are cleared: the
 * Tencent SDK would send even loopback traffic through a lowercase http_proxy.
 */
export function pointHandlersAt(url: string, keys: RoleKeys, policy: unknown): void {
  for (const v of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[v];
  process.env.ALIYUN_ECS_ENDPOINT = url;
  process.env.ALIYUN_ENS_ENDPOINT = url;
  process.env.TENCENT_CBS_ENDPOINT = url;
  process.env.TENCENTCLOUD_SECRETID = keys.tencent.secretId;
  process.env.TENCENTCLOUD_SECRETKEY = keys.tencent.secretKey;
  process.env.TENCENTCLOUD_SESSIONTOKEN = keys.tencent.sessionToken;
  delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  delete process.env.ALIBABA_CLOUD_SECURITY_TOKEN;
  process.env.REPLICATION_POLICY = typeof policy === 'string' ? policy : JSON.stringify(policy);
}
