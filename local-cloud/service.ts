import type { Clock } from './clock';
import type { IdGenerator } from './ids';
import type { AnswerRenames, VariantsSeed } from './seed';

/** The faults a service model draws while it works (the rest are drawn per call, before it runs). */
export interface ModelFaults {
  /** Whether one destination of a multi-destination call fails (ENS UnAllocationId, CBS per-region failure). */
  drawPartialFailure(): boolean;
  /** Whether a copy being started will end failed instead of finished. */
  drawCopyFailure(): boolean;
}

/** What a service model may use besides its own state: time, ids, and the faults drawn for its account. */
export interface ServiceContext {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly faults: ModelFaults;
}

/** What a renderer reads besides the model's results: the documented answer forms chosen, and the test renames. */
export interface AnswerSettings {
  readonly variants: Required<VariantsSeed>;
  readonly renames: AnswerRenames;
}

/** The services each account has: their state is the account's own. */
export type AccountServiceName = 'ecs' | 'ens' | 'cbs';

/**
 * Every service the local cloud serves: the snapshot services of each account, and the platform's
 * own (STS of both clouds, FC and SCF invocations), which work across accounts.
 */
export type ServiceName = AccountServiceName | 'aliyun-sts' | 'tencent-sts' | 'fc' | 'scf';

export const SERVICE_NAMES: readonly ServiceName[] = ['ecs', 'ens', 'cbs', 'aliyun-sts', 'tencent-sts', 'fc', 'scf'];

/** Who signed a request: the key, and the account it reaches. */
export interface Caller {
  keyId: string;
  accountId: string;
}

/**
 * One API request after the wire layer has checked its signature:
 * - Alibaba RPC (ECS, ENS, STS): `params` are the flat string parameters (`Tag.1.Key`), common ones removed.
 * - Tencent (CBS, STS, SCF): `params` is the JSON body; `region` is the X-TC-Region header.
 * - FC 3.0 (ROA): `params` are the path, query and header values the action defines, and the body.
 */
export interface ServiceRequest {
  /** The id the answer carries (RequestId, x-fc-request-id). */
  requestId: string;
  action: string;
  params: Record<string, unknown>;
  region?: string;
  caller: Caller;
}

/**
 * A service on the wire: request parameters -> typed request -> model -> the answer body its renderer
 * makes (without RequestId, which the protocol layer adds). Errors are thrown as ApiError with the
 * real code and status. Only function invocations answer later than they are asked (a synchronous
 * one waits for the function).
 */
export interface ServiceHandler {
  readonly service: ServiceName;
  handle(request: ServiceRequest): Record<string, unknown> | Promise<Record<string, unknown>>;
}
