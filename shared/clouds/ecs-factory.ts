import { apiTimeoutMs } from './api-timeout';
import type { AliyunCredentials } from './credentials';
import type { DriverFactory } from './driver-factory';
import { EcsClient } from './ecs';
import { EcsDriver } from './ecs-driver';
import { RegionalClients } from './regional-clients';
import { WarmReuse } from './warm-reuse';

/** ECS behind the engine's interface: one client per region, made on first use. */
export function ecsDriverFactory(): DriverFactory<AliyunCredentials> {
  const warm = new WarmReuse<EcsDriver>();
  return (credentials, env) => {
    const timeoutMs = apiTimeoutMs(env);
    return warm.get([credentials, env.ALIYUN_ECS_ENDPOINT, timeoutMs], () =>
      new EcsDriver(new RegionalClients((region) => new EcsClient({ region, credentials, env, timeoutMs }))));
  };
}
