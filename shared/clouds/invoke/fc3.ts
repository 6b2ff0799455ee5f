/**
 * FC 3.0: InvokeFunction of the 2023-03-30 API (@alicloud/fc20230330, ACS3-HMAC-SHA256 signatures),
 * at `<accountId>.<region>.fc.aliyuncs.com`. Async is the x-fc-invocation-type: Async header; the
 * platform then answers 202 with the request id. A function that failed still answers 200, with
 * x-fc-error-type set.
 */
import { Readable } from 'node:stream';
import type { AliyunCredentials } from '../credentials';
import { InputError } from '../../contracts/errors';
import { cloudError } from '../cloud-error';
import { moduleExports } from './commonjs';
import { invokeCloudError } from './invoke-error';
import { parseAnswer, type InvokeOutcome, type InvokeTarget } from './types';

/** The SDK is CommonJS with `exports.default`: under Node's ESM loader the class is one level down. */
function classOf<T>(value: T): T {
  const inner = value !== null && (typeof value === 'object' || typeof value === 'function') && 'default' in value ? (value as { default: unknown }).default : undefined;
  return typeof inner === 'function' ? (inner as T) : value;
}

async function readAll(body: Readable | undefined): Promise<string> {
  if (!body) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

function endpointOf(target: InvokeTarget): { endpoint: string; protocol: string } {
  if (target.endpoint) return { endpoint: target.endpoint.host, protocol: target.endpoint.protocol.replace(/:$/, '') };
  if (!target.accountId) throw new InputError('InvalidInput', [{ field: '--account-id', rule: 'is required for --platform fc3 (the endpoint is <account-id>.<region>.fc.aliyuncs.com)' }]);
  return { endpoint: `${target.accountId}.${target.region}.fc.aliyuncs.com`, protocol: 'https' };
}

export async function invokeFc3(target: InvokeTarget, credentials: AliyunCredentials): Promise<InvokeOutcome> {
  const endpoint = endpointOf(target);
  // Loaded on use: only this command needs them, and they are heavy.
  const sdk = moduleExports(await import('@alicloud/fc20230330'));
  const { $OpenApiUtil } = moduleExports(await import('@alicloud/openapi-core'));
  const { RuntimeOptions } = moduleExports(await import('@darabonba/typescript'));
  const Client = classOf(sdk.default);
  const client = new Client(
    new $OpenApiUtil.Config({
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
      regionId: target.region,
      ...endpoint,
      readTimeout: target.timeoutMs,
      connectTimeout: Math.min(target.timeoutMs, 10_000),
    }),
  );
  let response;
  try {
    response = await client.invokeFunctionWithOptions(
      target.functionName,
      new sdk.InvokeFunctionRequest({ body: Readable.from([Buffer.from(target.payload, 'utf8')]), ...(target.qualifier ? { qualifier: target.qualifier } : {}) }),
      new sdk.InvokeFunctionHeaders({ xFcInvocationType: target.async ? 'Async' : 'Sync' }),
      new RuntimeOptions({ readTimeout: target.timeoutMs, connectTimeout: Math.min(target.timeoutMs, 10_000), autoretry: false }),
    );
  } catch (error) {
    throw invokeCloudError('fc3', 'InvokeFunction', error);
  }
  const headers = response.headers ?? {};
  const requestId = headers['x-fc-request-id'];
  const errorType = headers['x-fc-error-type'];
  const text = await readAll(response.body);
  const statusCode = response.statusCode;
  if (statusCode !== undefined && (statusCode < 200 || statusCode >= 300)) {
    throw cloudError({ service: 'fc3', action: 'InvokeFunction', code: `HTTP${statusCode}`, message: text.slice(0, 500), httpStatus: statusCode, requestId, errorClass: statusCode >= 500 ? 'transient' : 'permanent' });
  }
  const answer = target.async ? undefined : parseAnswer(text);
  return {
    ...(requestId ? { requestId } : {}),
    ...(statusCode !== undefined ? { statusCode } : {}),
    ...(errorType ? { functionError: errorType } : {}),
    ...(answer !== undefined ? { answer } : {}),
  };
}
