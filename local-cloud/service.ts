import type { Clock } from './clock';
import type { FaultInjector } from './faults';
import type { IdGenerator } from './ids';
import type { AnswerRenames, VariantsSeed } from './seed';

/** What a service model may use besides its own state: time, ids, and the drawn faults. */
export interface ServiceContext {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly faults: FaultInjector;
}

/** What a renderer reads besides the model's results: the documented answer forms chosen, and the test renames. */
export interface AnswerSettings {
  readonly variants: Required<VariantsSeed>;
  readonly renames: AnswerRenames;
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
 * A service on the wire: request parameters -> typed request -> model -> the answer body its renderer
 * makes (without RequestId, which the protocol layer adds). Errors are thrown as ApiError with the
 * real code and status.
 */
export interface ServiceHandler {
  readonly service: ServiceName;
  handle(request: ServiceRequest): Record<string, unknown>;
}
