import { ApiError } from '../api-error';
import type { ServiceHandler, ServiceRequest } from '../service';
import type { EcsModel } from './ecs-model';

/** ECS wire mapping: API parameters -> model calls -> answer bodies. (stub) */
export function ecsHandler(model: EcsModel): ServiceHandler {
  return {
    service: 'ecs',
    handle(request: ServiceRequest): Record<string, unknown> {
      void model;
      throw new ApiError('InvalidAction.NotFound', `Specified api ${request.action} is not found.`, 400);
    },
  };
}
