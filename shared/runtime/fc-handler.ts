/** FC 3.0 wiring: the payload (a Buffer), the role's credentials from the context, the function's timeout. */
import { aliyunCredentials, type AliyunCredentials } from '../clouds/credentials';
import type { DriverFactory } from '../clouds/driver-factory';
import type { Answer } from '../contracts/results';
import type { CloudKind } from '../contracts/snapshot';
import type { SweepChores } from '../engine/sweep-chores';
import { parseFcEvent } from '../triggers/fc';
import { invoke } from './invoke';
import { jsonLogger } from './logger';
import { fcBasics, type FcContext } from './platform-context';

export interface FcFunction {
  cloud: Extract<CloudKind, 'aliyun-ecs' | 'aliyun-ens'>;
  drivers: DriverFactory<AliyunCredentials>;
  /** Upkeep this cloud's sweeps do beside the copies, if any. */
  sweepChores?: SweepChores;
}

export type FcHandler = (event: unknown, context?: FcContext) => Promise<Answer>;

export function fcHandler(fn: FcFunction): FcHandler {
  return (event, context) =>
    invoke(event, {
      cloud: fn.cloud,
      parse: (event) => parseFcEvent(event, context?.region || process.env.FC_REGION),
      driver: (env) => fn.drivers(aliyunCredentials(context, env), env),
      ...fcBasics(context),
      env: process.env,
      logger: jsonLogger(),
      sweepChores: fn.sweepChores,
    });
}
