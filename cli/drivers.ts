/**
 * The clouds behind the command: the same driver factories the functions use, with the caller's
 * credentials and the functions' endpoint variables (ALIYUN_ECS_ENDPOINT, ALIYUN_ENS_ENDPOINT,
 * TENCENT_CBS_ENDPOINT) and API_TIMEOUT_MS. Credentials are looked up per cloud on first use, so a
 * policy with only Alibaba rules never asks for Tencent keys.
 */
import { cbsDriverFactory } from '../shared/clouds/cbs-factory';
import { ecsDriverFactory } from '../shared/clouds/ecs-factory';
import { ensDriverFactory } from '../shared/clouds/ens-factory';
import type { CloudDriver } from '../shared/contracts/driver';
import type { CloudKind } from '../shared/contracts/snapshot';
import { callerAliyunCredentials, callerTencentCredentials, type CallerCredentials } from './credentials';

type Env = Record<string, string | undefined>;

export interface Drivers {
  driverFor(cloud: CloudKind): CloudDriver;
  /** Where each cloud's credentials came from, for the ones used so far. */
  readonly credentialSources: Partial<Record<CloudKind, string>>;
}

function makeDriver(cloud: CloudKind, env: Env, sources: Partial<Record<CloudKind, string>>): CloudDriver {
  const found = <C>(caller: CallerCredentials<C>): C => {
    sources[cloud] = caller.source;
    return caller.credentials;
  };
  switch (cloud) {
    case 'aliyun-ecs':
      return ecsDriverFactory()(found(callerAliyunCredentials(env)), env);
    case 'aliyun-ens':
      return ensDriverFactory()(found(callerAliyunCredentials(env)), env);
    case 'tencent-cbs':
      return cbsDriverFactory()(found(callerTencentCredentials(env)), env);
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
