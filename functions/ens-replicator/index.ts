/** FC 3.0: the ENS timer (scheduled snapshots, copies across edge nodes, pruning) and manual runs. */
import { aliyunCredentials } from '../../shared/clouds/credentials';
import { EnsClient } from '../../shared/clouds/ens';
import { EnsDriver } from '../../shared/clouds/ens-driver';
import { edgeChores } from '../../shared/engine/edge-chores';
import type { Answer } from '../../shared/runtime/answer';
import { apiTimeoutMs } from '../../shared/runtime/api-timeout';
import { invoke } from '../../shared/runtime/invoke';
import { jsonLogger } from '../../shared/runtime/logger';
import { WarmReuse } from '../../shared/runtime/warm-reuse';
import { fcBasics, type FcContext } from '../../shared/runtime/platform-context';
import { parseFcEvent } from '../../shared/triggers/fc';

/** Kept across warm invocations, so their connections are reused. */
const drivers = new WarmReuse<EnsDriver>();

export async function handler(event: unknown, context?: FcContext): Promise<Answer> {
  return invoke(event, {
    cloud: 'aliyun-ens',
    parse: parseFcEvent,
    driver: (env) => {
      const timeoutMs = apiTimeoutMs(env);
      const credentials = aliyunCredentials(context, env);
      return drivers.get([credentials, env.ALIYUN_ENS_ENDPOINT, timeoutMs], () => new EnsDriver(new EnsClient({ credentials, env, timeoutMs })));
    },
    ...fcBasics(context),
    env: process.env,
    logger: jsonLogger(),
    sweepChores: edgeChores,
  });
}
