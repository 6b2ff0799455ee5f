import { ApiError } from '../api-error';
import type { ServiceHandler, ServiceRequest } from '../service';
import { missing, optionalInteger, optionalString, refuseUnknown } from '../wire/tc3-params';
import type { StsModel } from './sts-model';
import type { TencentStsRenderer } from './tencent-sts-render';

/** The parameters of AssumeRoleRequest in tencentcloud-sdk-nodejs `sts_models.d.ts`. */
const ASSUME_ROLE_PARAMS = ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'Policy', 'ExternalId', 'Tags', 'SourceIdentity', 'SerialNumber', 'TokenCode'];

/** Tencent STS on the wire (TC3, 2018-08-13): the JSON body -> typed request -> StsModel -> renderer. */
export function tencentStsHandler(model: StsModel, render: TencentStsRenderer): ServiceHandler {
  return {
    service: 'tencent-sts',
    handle(request: ServiceRequest): Record<string, unknown> {
      if (request.action !== 'AssumeRole') throw new ApiError('InvalidAction', `The action \`${request.action}\` does not exist in sts 2018-08-13.`, 400);
      const p = request.params;
      refuseUnknown(p, ASSUME_ROLE_PARAMS);
      // Region is a required common parameter of this action.
      if (request.region === undefined) throw missing('Region');
      return render.assumeRole(
        model.assumeRole(
          {
            roleArn: optionalString(p, 'RoleArn') || undefined,
            roleSessionName: optionalString(p, 'RoleSessionName') || undefined,
            durationSeconds: optionalInteger(p, 'DurationSeconds'),
            policy: optionalString(p, 'Policy'),
            externalId: optionalString(p, 'ExternalId'),
          },
          request.caller.keyId,
        ),
      );
    },
  };
}
