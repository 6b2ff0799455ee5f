import { ApiError } from '../api-error';
import type { ServiceHandler, ServiceRequest } from '../service';
import { integer, text } from '../wire/rpc-params';
import type { AliyunStsRenderer } from './aliyun-sts-render';
import type { StsModel } from './sts-model';

/** Alibaba STS on the wire (RPC, 2015-04-01): flat string parameters -> typed request -> StsModel -> renderer. */
export function aliyunStsHandler(model: StsModel, render: AliyunStsRenderer): ServiceHandler {
  return {
    service: 'aliyun-sts',
    handle(request: ServiceRequest): Record<string, unknown> {
      const p = request.params;
      if (request.action !== 'AssumeRole') {
        throw new ApiError('InvalidAction.NotFound', `Specified api ${request.action} is not found, please check your url and method.`, 404);
      }
      return render.assumeRole(
        model.assumeRole(
          {
            roleArn: text(p, 'RoleArn'),
            roleSessionName: text(p, 'RoleSessionName'),
            durationSeconds: integer(p, 'DurationSeconds'),
            policy: text(p, 'Policy'),
            externalId: text(p, 'ExternalId'),
          },
          request.caller.keyId,
        ),
      );
    },
  };
}
