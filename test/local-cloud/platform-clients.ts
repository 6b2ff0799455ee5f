import RPCClient from '@alicloud/pop-core/lib/rpc';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { Client as CbsClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_client';
import { Client as ScfClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_client';
import { Client as StsClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client';
import type { AliyunKey, TencentKey } from '../../local-cloud/seed';

/**
 * The real SDK clients of the platform APIs, pointed at a local cloud: Alibaba STS through pop-core's
 * RPCClient, FC 3.0 through @alicloud/fc20230330, Tencent STS, CBS and SCF through tencentcloud-sdk-nodejs.
 */

type Json = Record<string, unknown>;

// The FC 3.0 SDK is CommonJS with `exports.default`: required, it is the same under vitest and under
// Node's own loader (where an import would hand over the module one level up).
const requireHere = createRequire(import.meta.url);
const fc = requireHere('@alicloud/fc20230330') as typeof import('@alicloud/fc20230330');
const { $OpenApiUtil } = requireHere('@alicloud/openapi-core') as typeof import('@alicloud/openapi-core');
const { RuntimeOptions } = requireHere('@darabonba/typescript') as typeof import('@darabonba/typescript');

/** What a refused call answered: the error code, and the HTTP status where the SDK reports one. */
export interface Refusal {
  code: string;
  status?: number;
}

/** Runs `call`, which must fail, and answers the code (and status) the SDK reports. */
export async function refusal(call: () => Promise<unknown>): Promise<Refusal> {
  try {
    await call();
  } catch (raw) {
    const error = raw as { code?: unknown; statusCode?: unknown; entry?: { response?: { statusCode?: unknown } } };
    const status = error.entry?.response?.statusCode ?? error.statusCode;
    return { code: String(error.code), ...(typeof status === 'number' ? { status } : {}) };
  }
  throw new Error('the call unexpectedly succeeded');
}

/** An RPC call (ECS 2014-05-26, ENS 2017-11-10, STS 2015-04-01) as pop-core makes it. */
export function rpc(url: string, apiVersion: string, key: AliyunKey, action: string, params: object): Promise<Json> {
  return new RPCClient({ endpoint: url, apiVersion, ...key }).request<Json>(action, params, { method: 'POST', formatParams: false });
}

export function aliyunAssumeRole(url: string, key: AliyunKey, params: Json): Promise<Json> {
  return rpc(url, '2015-04-01', key, 'AssumeRole', params);
}

/** The configuration every Tencent client takes: the key, the region (none when null), the local cloud as endpoint. */
function tencentConfig(url: string, key: TencentKey, region: string | null): ConstructorParameters<typeof StsClient>[0] {
  const { host } = new URL(url);
  return {
    credential: { secretId: key.secretId, secretKey: key.secretKey, ...(key.sessionToken ? { token: key.sessionToken } : {}) },
    ...(region !== null ? { region } : {}),
    profile: { httpProfile: { endpoint: host, protocol: 'http://', reqTimeout: 10 } },
  };
}

export function stsClient(url: string, key: TencentKey, region: string | null = 'ap-guangzhou'): StsClient {
  return new StsClient(tencentConfig(url, key, region));
}

export function cbsClient(url: string, key: TencentKey, region = 'ap-guangzhou'): CbsClient {
  return new CbsClient(tencentConfig(url, key, region));
}

export function scfClient(url: string, key: TencentKey, region: string | null = 'ap-guangzhou'): ScfClient {
  return new ScfClient(tencentConfig(url, key, region));
}

export interface FcInvoked {
  statusCode?: number;
  requestId?: string;
  errorType?: string;
  body: string;
}

/** FC 3.0 InvokeFunction as @alicloud/fc20230330 sends it (ACS3-signed), Sync or Async. */
export async function fcInvoke(url: string, key: AliyunKey, functionName: string, payload: unknown, type: 'Sync' | 'Async', qualifier?: string): Promise<FcInvoked> {
  const { host, protocol } = new URL(url);
  const client = new fc.default(
    new $OpenApiUtil.Config({
      ...key,
      regionId: 'cn-hangzhou',
      endpoint: host,
      protocol: protocol.replace(/:$/, ''),
    }),
  );
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const response = await client.invokeFunctionWithOptions(
    functionName,
    new fc.InvokeFunctionRequest({ body: Readable.from([Buffer.from(text, 'utf8')]), ...(qualifier ? { qualifier } : {}) }),
    new fc.InvokeFunctionHeaders({ xFcInvocationType: type }),
    new RuntimeOptions({ readTimeout: 10_000, connectTimeout: 5_000, autoretry: false }),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of response.body ?? Readable.from([])) chunks.push(Buffer.from(chunk as Uint8Array));
  const headers = response.headers ?? {};
  return {
    ...(response.statusCode !== undefined ? { statusCode: response.statusCode } : {}),
    ...(headers['x-fc-request-id'] ? { requestId: headers['x-fc-request-id'] } : {}),
    ...(headers['x-fc-error-type'] ? { errorType: headers['x-fc-error-type'] } : {}),
    body: Buffer.concat(chunks).toString('utf8'),
  };
}
