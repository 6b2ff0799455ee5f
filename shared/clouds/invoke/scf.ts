/**
 * Tencent SCF: the `Invoke` API (2018-04-16, TC3-HMAC-SHA256), InvocationType RequestResponse
 * (sync) or Event (async), the event as ClientContext (JSON text). A function that failed answers
 * with Result.ErrMsg set; an async call answers only the request id.
 */
import type { TencentCredentials } from '../credentials';
import { moduleExports } from './commonjs';
import { invokeCloudError } from './invoke-error';
import { parseAnswer, type InvokeOutcome, type InvokeTarget } from './types';

const PUBLIC_ENDPOINT = new URL('https://scf.tencentcloudapi.com');

export async function invokeScf(target: InvokeTarget, credentials: TencentCredentials): Promise<InvokeOutcome> {
  // The deep import keeps to the SCF client; the package root loads every product.
  const { Client } = moduleExports(await import('tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_client'));
  const url = target.endpoint ?? PUBLIC_ENDPOINT;
  const client = new Client({
    credential: {
      secretId: credentials.secretId,
      secretKey: credentials.secretKey,
      ...(credentials.sessionToken ? { token: credentials.sessionToken } : {}),
    },
    region: target.region,
    profile: { httpProfile: { endpoint: url.host, protocol: `${url.protocol}//`, reqTimeout: Math.ceil(target.timeoutMs / 1000) } },
  });
  let response;
  try {
    response = await client.Invoke({
      FunctionName: target.functionName,
      InvocationType: target.async ? 'Event' : 'RequestResponse',
      ClientContext: target.payload,
      ...(target.namespace ? { Namespace: target.namespace } : {}),
      ...(target.qualifier ? { Qualifier: target.qualifier } : {}),
    });
  } catch (error) {
    throw invokeCloudError('scf', 'Invoke', error);
  }
  const result = response.Result ?? {};
  const requestId = result.FunctionRequestId || response.RequestId;
  const errMsg = result.ErrMsg?.trim();
  const answer = target.async || result.RetMsg === undefined ? undefined : parseAnswer(result.RetMsg);
  return {
    ...(requestId ? { requestId } : {}),
    ...(errMsg ? { functionError: errMsg } : {}),
    ...(answer !== undefined ? { answer } : {}),
  };
}
