import { apiTimeoutMs } from './api-timeout';
import type { AliyunCredentials } from './credentials';
import type { DriverFactory } from './driver-factory';
import { EnsClient } from './ens';
import { EnsDriver } from './ens-driver';
import { WarmReuse } from './warm-reuse';

/** ENS behind the engine's interface: one central client, edge nodes travel as parameters. */
export function ensDriverFactory(): DriverFactory<AliyunCredentials> {
  const warm = new WarmReuse<EnsDriver>();
  return (credentials, env) => {
    const timeoutMs = apiTimeoutMs(env);
    return warm.get([credentials, env.ALIYUN_ENS_ENDPOINT, timeoutMs], () => new EnsDriver(new EnsClient({ credentials, env, timeoutMs })));
  };
}
