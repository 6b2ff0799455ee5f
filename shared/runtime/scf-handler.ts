/** SCF wiring: the event (an object), the role's credentials from the environment, the time left. */
import { tencentCredentials, type TencentCredentials } from '../clouds/credentials';
import type { DriverFactory } from '../clouds/driver-factory';
import type { Answer } from '../contracts/results';
import type { SweepChores } from '../engine/sweep-chores';
import { parseScfEvent } from '../triggers/scf';
import { invoke } from './invoke';
import { jsonLogger } from './logger';
import { scfBasics, type ScfContext } from './platform-context';

export interface ScfFunction {
  cloud: 'tencent-cbs';
  drivers: DriverFactory<TencentCredentials>;
  /** Upkeep this cloud's sweeps do beside the copies. */
  sweepChores?: SweepChores;
}

export type ScfHandler = (event: unknown, context?: ScfContext) => Promise<Answer>;

export function scfHandler(fn: ScfFunction): ScfHandler {
  return (event, context) =>
    invoke(event, {
      cloud: fn.cloud,
      parse: parseScfEvent,
      driver: (env) => fn.drivers(tencentCredentials(env), env),
      ...scfBasics(context),
      env: process.env,
      logger: jsonLogger(),
      sweepChores: fn.sweepChores,
    });
}
