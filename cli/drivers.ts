/**
 * The clouds behind the command: the same adapters and drivers the functions use, with the caller's
 * credentials and the functions' endpoint variables (ALIYUN_ECS_ENDPOINT, ALIYUN_ENS_ENDPOINT,
 * TENCENT_CBS_ENDPOINT) and API_TIMEOUT_MS. Credentials are looked up per cloud on first use, so a
 * policy with only Alibaba rules never asks for Tencent keys.
 */
import { CbsClient } from '../shared/clouds/cbs';
import { CbsDriver } from '../shared/clouds/cbs-driver';
import { EcsClient } from '../shared/clouds/ecs';
import { EcsDriver } from '../shared/clouds/ecs-driver';
import { EnsClient } from '../shared/clouds/ens';
import { EnsDriver } from '../shared/clouds/ens-driver';
import { RegionalClients } from '../shared/clouds/regional-clients';
import type { CloudDriver } from '../shared/engine/cloud-driver';
import { apiTimeoutMs } from '../shared/runtime/api-timeout';
import type { CloudKind } from '../shared/snapshot';
import { callerAliyunCredentials, callerTencentCredentials } from './credentials';

type Env = Record<string, string | undefined>;

export interface Drivers {
  driverFor(cloud: CloudKind): CloudDriver;
  /** Where each cloud's credentials came from, for the ones used so far. */
  readonly credentialSources: Partial<Record<CloudKind, string>>;
}

function makeDriver(cloud: CloudKind, env: Env, sources: Partial<Record<CloudKind, string>>): CloudDriver {
  const timeoutMs = apiTimeoutMs(env);
  switch (cloud) {
    case 'aliyun-ecs': {
      const { credentials, source } = callerAliyunCredentials(env);
      sources[cloud] = source;
      return new EcsDriver(new RegionalClients((region) => new EcsClient({ region, credentials, env, timeoutMs })));
    }
    case 'aliyun-ens': {
      const { credentials, source } = callerAliyunCredentials(env);
      sources[cloud] = source;
      return new EnsDriver(new EnsClient({ credentials, env, timeoutMs }));
    }
    case 'tencent-cbs': {
      const { credentials, source } = callerTencentCredentials(env);
      sources[cloud] = source;
      return new CbsDriver(new RegionalClients((region) => new CbsClient({ region, credentials, env, timeoutMs })));
    }
  }
}

/** `wrap` sees every driver once, as it is made (the command's progress and listing records). */
export function cloudDrivers(env: Env, wrap: (driver: CloudDriver) => CloudDriver = (d) => d): Drivers {
  const made = new Map<CloudKind, CloudDriver>();
  const credentialSources: Partial<Record<CloudKind, string>> = {};
  return {
    credentialSources,
    driverFor(cloud) {
      let driver = made.get(cloud);
      if (!driver) {
        driver = wrap(makeDriver(cloud, env, credentialSources));
        made.set(cloud, driver);
      }
      return driver;
    },
  };
}
