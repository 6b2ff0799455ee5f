import { apiTimeoutMs } from './api-timeout';
import { CbsClient } from './cbs';
import { CbsDriver } from './cbs-driver';
import type { TencentCredentials } from './credentials';
import type { DriverFactory } from './driver-factory';
import { RegionalClients } from './regional-clients';
import { WarmReuse } from './warm-reuse';

/** CBS behind the engine's interface: one client per region, made on first use. */
export function cbsDriverFactory(): DriverFactory<TencentCredentials> {
  const warm = new WarmReuse<CbsDriver>();
  return (credentials, env) => {
    const timeoutMs = apiTimeoutMs(env);
    return warm.get([credentials, env.TENCENT_CBS_ENDPOINT, timeoutMs], () =>
      new CbsDriver(new RegionalClients((region) => new CbsClient({ region, credentials, env, timeoutMs }))));
  };
}
