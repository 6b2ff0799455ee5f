import { ApiError } from '../api-error';
import type { ServiceHandler, ServiceRequest } from '../service';
import type { FcRenderer } from './fc-render';
import type { FunctionsModel } from './functions-model';

/**
 * FC 3.0 on the wire (ROA, ACS3-signed): `POST /2023-03-30/functions/{functionName}/invocations`
 * with `?qualifier=` and the `x-fc-invocation-type` header (`Sync`, the default, or `Async`). The
 * server hands over `functionName`, `qualifier`, `invocationType` and the body as `payload`.
 */

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function fcHandler(model: FunctionsModel, render: FcRenderer): ServiceHandler {
  return {
    service: 'fc',
    async handle(request: ServiceRequest): Promise<Record<string, unknown>> {
      if (request.action !== 'InvokeFunction') throw new ApiError('InvalidAction.NotFound', `Specified api ${request.action} is not found.`, 404);
      const p = request.params;
      const functionName = text(p.functionName);
      if (functionName === undefined) throw new ApiError('MissingParameter', 'functionName is required.', 400);
      const type = text(p.invocationType) ?? 'Sync';
      if (type !== 'Sync' && type !== 'Async') throw new ApiError('InvalidArgument', `x-fc-invocation-type must be Sync or Async, not ${type}.`, 400);
      const qualifier = text(p.qualifier);
      const invoke = {
        id: request.requestId,
        platform: 'fc' as const,
        functionName,
        ...(qualifier !== undefined ? { qualifier } : {}),
        accountId: request.caller.accountId,
        async: type === 'Async',
        payload: typeof p.payload === 'string' ? p.payload : '',
      };
      if (invoke.async) {
        model.enqueue(invoke);
        return render.accepted(request.requestId);
      }
      const outcome = await model.runNow(invoke);
      // The local cloud holds no functions: only a test's runner stands for one.
      if (!outcome) throw new ApiError('FunctionNotFound', `function '${functionName}' does not exist (the local cloud runs functions only through a runner a test gives it)`, 404);
      return render.answered(request.requestId, outcome);
    },
  };
}
