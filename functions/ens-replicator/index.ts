/** FC 3.0: the ENS timer (scheduled snapshots, copies across edge nodes, pruning) and manual runs. */
import { ensDriverFactory } from '../../shared/clouds/ens-factory';
import { edgeChores } from '../../shared/engine/edge-chores';
import { fcHandler } from '../../shared/runtime/fc-handler';

export const handler = fcHandler({ cloud: 'aliyun-ens', drivers: ensDriverFactory(), sweepChores: edgeChores });
