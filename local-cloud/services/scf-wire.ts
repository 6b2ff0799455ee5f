import { randomUUID } from 'node:crypto';
import { ApiError } from '../api-error';
import type { ServiceHandler, ServiceRequest } from '../service';
import { badType, missing, optionalString, refuseUnknown, requiredString } from '../wire/tc3-params';
import type { FunctionsModel } from './functions-model';
import type { ScfRenderer } from './scf-render';

/** The parameters of InvokeRequest in tencentcloud-sdk-nodejs `scf_models.d.ts`. */
const INVOKE_PARAMS = ['FunctionName', 'InvocationType', 'Qualifier', 'ClientContext', 'LogType', 'Namespace', 'RoutingKey'];

/**
 * SCF on the wire (TC3, 2018-04-16): `Invoke` with InvocationType `Event` (asynchronous) or
 * `RequestResponse` (synchronous, the default); ClientContext is the event, as JSON text.
 */
export function scfHandler(model: FunctionsModel, render: ScfRenderer): ServiceHandler {
  return {
    service: 'scf',
    async handle(request: ServiceRequest): Promise<Record<string, unknown>> {
      if (request.action !== 'Invoke') throw new ApiError('InvalidAction', `The action \`${request.action}\` does not exist in scf 2018-04-16.`, 400);
      const p = request.params;
      refuseUnknown(p, INVOKE_PARAMS);
      if (request.region === undefined) throw missing('Region');
      const functionName = requiredString(p, 'FunctionName');
      const type = optionalString(p, 'InvocationType') ?? 'RequestResponse';
      if (type !== 'Event' && type !== 'RequestResponse') throw badType('InvocationType', 'Event or RequestResponse');
      const qualifier = optionalString(p, 'Qualifier');
      const id = randomUUID();
      const invoke = {
        id,
        platform: 'scf' as const,
        functionName,
        ...(qualifier ? { qualifier } : {}),
        namespace: optionalString(p, 'Namespace') || 'default',
        accountId: request.caller.accountId,
        async: type === 'Event',
        payload: optionalString(p, 'ClientContext') ?? '{}',
      };
      if (invoke.async) {
        model.enqueue(invoke);
        return render.accepted(id);
      }
      const outcome = await model.runNow(invoke);
      if (!outcome) {
        throw new ApiError('ResourceNotFound.Function', `The function ${functionName} does not exist (the local cloud runs functions only through a runner a test gives it).`, 200);
      }
      return render.answered(id, outcome);
    },
  };
}
