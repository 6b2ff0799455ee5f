import type { Clock } from './clock';
import type { FaultInjector } from './faults';
import type { IdGenerator } from './ids';

/** What a service model may use besides its own state: time, ids, and the partial-success fault. */
export interface ServiceContext {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly faults: FaultInjector;
}

export type ServiceName = 'ecs' | 'ens' | 'cbs';

/**
 * One API request after the wire layer has checked its signature:
 * - Alibaba RPC (ECS, ENS): `params` are the flat string parameters (`Tag.1.Key`), common ones removed.
 * - Tencent (CBS): `params` is the JSON body; `region` is the X-TC-Region header.
 */
export interface ServiceRequest {
  action: string;
  params: Record<string, unknown>;
  region?: string;
}

/**
 * A service's wire mapping: request parameters -> model call -> the answer body (without RequestId,
 * which the protocol layer adds). Errors are thrown as ApiError with the real code and status.
 */
export interface ServiceHandler {
  readonly service: ServiceName;
  handle(request: ServiceRequest): Record<string, unknown>;
}
