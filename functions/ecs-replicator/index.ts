/** FC 3.0: ECS snapshot-created events, the timer sweep and manual runs, for `aliyun-ecs` rules. */
import { ecsDriverFactory } from '../../shared/clouds/ecs-factory';
import { fcHandler } from '../../shared/runtime/fc-handler';

export const handler = fcHandler({ cloud: 'aliyun-ecs', drivers: ecsDriverFactory() });
