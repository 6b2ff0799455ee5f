/** Tencent SCF: the CBS timer sweep, manual runs and the CloudAudit CreateSnapshot event. */
import { cbsDriverFactory } from '../../shared/clouds/cbs-factory';
import { scfHandler } from '../../shared/runtime/scf-handler';

export const main_handler = scfHandler({ cloud: 'tencent-cbs', drivers: cbsDriverFactory() });
