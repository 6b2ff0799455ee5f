/**
 * FC 2.0: invokeFunction(service, function, payload, headers) of @alicloud/fc2 (the 2016-08-15
 * service-scoped API, its own "FC accessKeyId:signature" scheme). Used only here, never in a
 * function bundle (31 MB installed). Two traps from the SDK itself:
 *  - it sends the security token only when the key id starts with "STS";
 *  - a function that failed does not throw: the answer carries x-fc-error-type.
 */
import type { AliyunCredentials } from '../credentials';
import { InputError } from '../../contracts/errors';
import { invokeCloudError } from './invoke-error';
import { parseAnswer, type InvokeOutcome, type InvokeTarget } from './types';

interface Fc2Config {
  accessKeyID: string;
  accessKeySecret: string;
  securityToken?: string;
  region: string;
  endpoint?: string;
  secure?: boolean;
  timeout?: number;
}

interface Fc2Answer {
  headers: Record<string, string | string[] | undefined>;
  data: unknown;
}

interface Fc2Client {
  invokeFunction(service: string, functionName: string, event: string, headers?: Record<string, string>, qualifier?: string): Promise<Fc2Answer>;
}

type Fc2Constructor = new (accountId: string, config: Fc2Config) => Fc2Client;

/** Loaded on use, like the FC 3.0 SDK: only this command needs it. */
async function loadFc2(): Promise<Fc2Constructor> {
  // CommonJS `module.exports = Client`: Node's ES module loader and the bundle both put it on `default`.
  const mod: unknown = (await import('@alicloud/fc2')).default;
  if (typeof mod !== 'function') throw new Error('@alicloud/fc2 did not export its client class');
  // The package has no typings (see fc2-module.d.ts): the shape above is the part of its documented API used here.
  return mod as Fc2Constructor;
}

function header(headers: Fc2Answer['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** What @alicloud/fc2 writes into the error of an answer outside 2xx (lib/client.js, request()). */
const FC2_FAILURE = /failed with (\d+)\. requestid: (.*?), message: (.*)\.$/s;

/**
 * The SDK names its error after the answer's ErrorCode and quotes its ErrorMessage; an answer without
 * them (a proxy's error page, a path that is not FC 2.0's) reads "FCundefinedError … message:
 * undefined". Such an error is given the HTTP status as its code and a message that says what is known.
 */
function withoutFcCode(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'FCundefinedError') return error;
  const [, status = '', requestId = 'undefined'] = FC2_FAILURE.exec(error.message) ?? [];
  const statusCode = Number(status);
  const id = requestId !== 'undefined' && requestId !== '' ? `, request id ${requestId}` : '';
  return {
    code: Number.isInteger(statusCode) && statusCode > 0 ? `HTTP${statusCode}` : 'UnknownError',
    message: `FC 2.0 answered HTTP ${status || '(no status)'} without an FC error code${id}: check --endpoint, --region, --service and --function`,
    ...(Number.isInteger(statusCode) && statusCode > 0 ? { statusCode } : {}),
    ...(id ? { requestId } : {}),
  };
}

/** The SDK drops the token of a key whose id does not start with STS: the call is then refused. */
export function fc2DropsToken(credentials: AliyunCredentials): boolean {
  return credentials.securityToken !== undefined && !credentials.accessKeyId.startsWith('STS');
}

export async function invokeFc2(target: InvokeTarget, credentials: AliyunCredentials): Promise<InvokeOutcome> {
  if (!target.service) throw new InputError('InvalidInput', [{ field: '--service', rule: 'is required for --platform fc2 (FC 2.0 functions belong to a service)' }]);
  if (!target.accountId) throw new InputError('InvalidInput', [{ field: '--account-id', rule: 'is required for --platform fc2' }]);
  if (credentials.accessKeyId.startsWith('STS') && !credentials.securityToken) {
    throw new InputError('InvalidConfiguration', [{ field: 'ALIBABA_CLOUD_SECURITY_TOKEN', rule: 'is required with an STS key (its id starts with STS)' }]);
  }
  const FC = await loadFc2();
  let answer: Fc2Answer;
  try {
    const client = new FC(target.accountId, {
      accessKeyID: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
      region: target.region,
      ...(target.endpoint ? { endpoint: target.endpoint.origin } : { secure: true }),
      timeout: target.timeoutMs,
    });
    answer = await client.invokeFunction(
      target.service,
      target.functionName,
      target.payload,
      { 'x-fc-invocation-type': target.async ? 'Async' : 'Sync' },
      target.qualifier,
    );
  } catch (error) {
    throw invokeCloudError('fc2', 'InvokeFunction', withoutFcCode(error));
  }
  const requestId = header(answer.headers, 'x-fc-request-id');
  const errorType = header(answer.headers, 'x-fc-error-type');
  const data = typeof answer.data === 'string' ? parseAnswer(answer.data) : Buffer.isBuffer(answer.data) ? parseAnswer(answer.data.toString('utf8')) : answer.data;
  return {
    ...(requestId ? { requestId } : {}),
    ...(errorType ? { functionError: errorType } : {}),
    ...(!target.async && data !== undefined ? { answer: data } : {}),
  };
}
