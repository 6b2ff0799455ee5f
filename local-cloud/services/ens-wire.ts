import { ApiError } from '../api-error';
import type { ServiceHandler, ServiceRequest } from '../service';
import type { EnsModel } from './ens-model';

/** ENS wire mapping: API parameters -> model calls -> answer bodies. (stub) */
export function ensHandler(model: EnsModel): ServiceHandler {
  return {
    service: 'ens',
    handle(request: ServiceRequest): Record<string, unknown> {
      void model;
      throw new ApiError('InvalidAction.NotFound', `Specified api ${request.action} is not found.`, 400);
    },
  };
}
