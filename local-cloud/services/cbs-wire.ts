import { ApiError } from '../api-error';
import type { ServiceHandler, ServiceRequest } from '../service';
import type { CbsModel } from './cbs-model';

/** CBS wire mapping: API parameters -> model calls -> answer bodies. (stub) */
export function cbsHandler(model: CbsModel): ServiceHandler {
  return {
    service: 'cbs',
    handle(request: ServiceRequest): Record<string, unknown> {
      void model;
      throw new ApiError('InvalidAction.NotFound', `Specified api ${request.action} is not found.`, 400);
    },
  };
}
