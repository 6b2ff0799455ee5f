/**
 * Tencent SCF: the `Invoke` API (2018-04-16, TC3-HMAC-SHA256) through the SDK's common client,
 * InvocationType RequestResponse (sync) or Event (async), the event as ClientContext (JSON text).
 * A function that failed answers with Result.ErrMsg set; an async call answers only the request id.
 * https://cloud.tencent.com/document/api/583/17243
 */
import type { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_client';
import type { TencentCredentials } from '../credentials';
import { TencentClient } from '../tencent-client';
import { parseAnswer, type InvokeOutcome, type InvokeTarget } from './types';

const SCF_HOST = 'scf.tencentcloudapi.com';
const SCF_VERSION = '2018-04-16';
const PUBLIC_ENDPOINT = new URL(`https://${SCF_HOST}`);

type InvokeResponse = Awaited<ReturnType<Client['Invoke']>>;

export async function invokeScf(target: InvokeTarget, credentials: TencentCredentials): Promise<InvokeOutcome> {
  const client = new TencentClient({
    service: 'scf', host: SCF_HOST, version: SCF_VERSION, region: target.region, credentials,
    endpoint: target.endpoint ?? PUBLIC_ENDPOINT, timeoutMs: target.timeoutMs, errors: { exact: {} },
  });
  const response = await client.call<InvokeResponse>('Invoke', {
    FunctionName: target.functionName,
    InvocationType: target.async ? 'Event' : 'RequestResponse',
    ClientContext: target.payload,
    ...(target.namespace ? { Namespace: target.namespace } : {}),
    ...(target.qualifier ? { Qualifier: target.qualifier } : {}),
  });
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
