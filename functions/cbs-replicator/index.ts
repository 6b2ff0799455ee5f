/** Tencent SCF: the CBS timer sweep, manual runs and the CloudAudit CreateSnapshot event. */
import { cbsDriverFactory } from '../../shared/clouds/cbs-factory';
import { copyPruning } from '../../shared/engine/prune';
import { scfHandler } from '../../shared/runtime/scf-handler';

export const main_handler = scfHandler({ cloud: 'tencent-cbs', drivers: cbsDriverFactory(), sweepChores: copyPruning });
