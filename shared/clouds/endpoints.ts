import { InputError } from '../contracts/errors';
import type { PlatformService, SnapshotService } from '../contracts/errors';
type Env = Record<string, string | undefined>;

type EndpointService = SnapshotService | PlatformService;

/** One variable per service overrides the public endpoint (used for the local cloud). */
export const ENDPOINT_VARIABLES: Readonly<Record<EndpointService, string>> = {
  ecs: 'ALIYUN_ECS_ENDPOINT',
  ens: 'ALIYUN_ENS_ENDPOINT',
  cbs: 'TENCENT_CBS_ENDPOINT',
  'aliyun-sts': 'ALIYUN_STS_ENDPOINT',
  'tencent-sts': 'TENCENT_STS_ENDPOINT',
  fc3: 'ALIYUN_FC_ENDPOINT',
  scf: 'TENCENT_SCF_ENDPOINT',
};

/** `region` is FC's `<account id>.<region>` (its endpoint is named after both). */
function publicEndpoint(service: EndpointService, region: string): string {
  switch (service) {
    case 'ecs':
      return `https://ecs.${region}.aliyuncs.com`;
    case 'ens':
      // ENS is a central API: the edge node travels as a parameter.
      return 'https://ens.aliyuncs.com';
    case 'cbs':
      return 'https://cbs.tencentcloudapi.com';
    case 'aliyun-sts':
      return 'https://sts.aliyuncs.com';
    case 'tencent-sts':
      return 'https://sts.tencentcloudapi.com';
    case 'fc3':
      return `https://${region}.fc.aliyuncs.com`;
    case 'scf':
      return 'https://scf.tencentcloudapi.com';
  }
}

/** The base URL (scheme, host, optional port; no path) to call `service` for `region`. */
export function endpointFor(service: EndpointService, region: string, env: Env = process.env): URL {
  const variable = ENDPOINT_VARIABLES[service];
  const override = env[variable];
  const text = override && override.trim() !== '' ? override.trim() : publicEndpoint(service, region);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('InvalidConfiguration', [{ field: variable, rule: 'must be a full URL such as http://127.0.0.1:8800', value: text }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError('InvalidConfiguration', [{ field: variable, rule: 'must use http or https', value: text }]);
  }
  return url;
}
