// The SDK's common client, which signs (TC3-HMAC-SHA256) and sends any action of any product; the
// generated per-product clients only add a one-line method per action. Deep import: the package root
// pulls in every product (2 MB).
import { AbstractClient } from 'tencentcloud-sdk-nodejs/tencentcloud/common/abstract_client';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { CallLimits } from '../contracts/driver';
import { CloudError, type CloudService } from '../contracts/errors';
import { cloudError } from './cloud-error';
import type { TencentCredentials } from './credentials';
import type { ErrorClassTable } from './error-classes';
import { effectiveTimeout, withHardDeadline } from './hard-deadline';
import { tencentCloudError } from './tencent-api';

/** Per-request timeout; the SDK's own default is 60 s, far beyond a function's budget for one call. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface TencentClientOptions {
  service: CloudService;
  /** The product's public host, which the SDK signs for (`cbs.tencentcloudapi.com`). */
  host: string;
  version: string;
  region: string;
  credentials: TencentCredentials;
  /** Where requests go: the public host, or an override (the local cloud). */
  endpoint: URL;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
  errors: ErrorClassTable;
}

function keepAliveAgent(url: URL): HttpAgent {
  return url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
}

/** One Tencent Cloud product's API, one region: every call timed out within its limits, every failure a CloudError. */
export class TencentClient {
  private readonly client: AbstractClient;
  private readonly timeoutMs: number;
  /** API requests this client has sent, failed or not. */
  callCount = 0;

  constructor(private readonly options: TencentClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const url = options.endpoint;
    this.client = new AbstractClient(options.host, options.version, {
      credential: {
        secretId: options.credentials.secretId,
        secretKey: options.credentials.secretKey,
        ...(options.credentials.sessionToken ? { token: options.credentials.sessionToken } : {}),
      },
      region: options.region,
      profile: {
        httpProfile: {
          endpoint: url.host,
          protocol: `${url.protocol}//`,
          reqTimeout: this.timeoutMs / 1000,
          // The SDK opens a connection per request unless given an agent. A keep-alive one lets a warm
          // function reuse them; with a proxy set (the SDK reads a lowercase http_proxy), its own proxy
          // agent stays in charge.
          ...((options.env ?? process.env).http_proxy ? {} : { agent: keepAliveAgent(url) }),
        },
      },
    });
  }

  async call<T>(action: string, params: object, limits: CallLimits = {}): Promise<T> {
    this.callCount += 1;
    const timeout = effectiveTimeout(this.timeoutMs, limits.timeoutMs);
    const { service, errors } = this.options;
    try {
      // The common client answers untyped data; callers pin the type per action.
      const answer: unknown = await withHardDeadline(
        timeout,
        (signal) => this.client.request(action, params, { signal }),
        () => cloudError({ service, action, code: 'Timeout', message: `no answer within ${timeout} ms`, errorClass: 'transient' }),
      );
      return answer as T;
    } catch (raw) {
      if (raw instanceof CloudError) throw raw;
      throw tencentCloudError(raw, service, action, errors);
    }
  }
}
