/** FC 3.0: ECS snapshot-created events, the timer sweep and manual runs, for `aliyun-ecs` rules. */
import { aliyunCredentials } from '../../shared/clouds/credentials';
import { EcsClient } from '../../shared/clouds/ecs';
import { EcsDriver } from '../../shared/clouds/ecs-driver';
import { RegionalClients } from '../../shared/clouds/regional-clients';
import type { Answer } from '../../shared/runtime/answer';
import { apiTimeoutMs } from '../../shared/runtime/api-timeout';
import { invoke } from '../../shared/runtime/invoke';
import { jsonLogger } from '../../shared/runtime/logger';
import { WarmReuse } from '../../shared/runtime/warm-reuse';
import { fcBasics, type FcContext } from '../../shared/runtime/platform-context';
import { parseFcEvent } from '../../shared/triggers/fc';

/** Kept across warm invocations, so their connections are reused. */
const drivers = new WarmReuse<EcsDriver>();

export async function handler(event: unknown, context?: FcContext): Promise<Answer> {
  return invoke(event, {
    cloud: 'aliyun-ecs',
    parse: parseFcEvent,
    driver: (env) => {
      const timeoutMs = apiTimeoutMs(env);
      const credentials = aliyunCredentials(context, env);
      return drivers.get([credentials, env.ALIYUN_ECS_ENDPOINT, timeoutMs], () =>
        new EcsDriver(new RegionalClients((region) => new EcsClient({ region, credentials, env, timeoutMs }))));
    },
    ...fcBasics(context),
    env: process.env,
    logger: jsonLogger(),
  });
}
