/** Tencent SCF: the CBS timer sweep, manual runs and the CloudAudit CreateSnapshot event. */
import { CbsClient } from '../../shared/clouds/cbs';
import { CbsDriver } from '../../shared/clouds/cbs-driver';
import { tencentCredentials } from '../../shared/clouds/credentials';
import { RegionalClients } from '../../shared/clouds/regional-clients';
import type { Answer } from '../../shared/runtime/answer';
import { apiTimeoutMs } from '../../shared/runtime/api-timeout';
import { invoke } from '../../shared/runtime/invoke';
import { jsonLogger } from '../../shared/runtime/logger';
import { WarmReuse } from '../../shared/runtime/warm-reuse';
import { scfBasics, type ScfContext } from '../../shared/runtime/platform-context';
import { parseScfEvent } from '../../shared/triggers/scf';

/** Kept across warm invocations, so their clients are made once. */
const drivers = new WarmReuse<CbsDriver>();

export async function main_handler(event: unknown, context?: ScfContext): Promise<Answer> {
  return invoke(event, {
    cloud: 'tencent-cbs',
    parse: parseScfEvent,
    driver: (env) => {
      const timeoutMs = apiTimeoutMs(env);
      const credentials = tencentCredentials(env);
      return drivers.get([credentials, env.TENCENT_CBS_ENDPOINT, timeoutMs], () =>
        new CbsDriver(new RegionalClients((region) => new CbsClient({ region, credentials, env, timeoutMs }))));
    },
    ...scfBasics(context),
    env: process.env,
    logger: jsonLogger(),
  });
}
