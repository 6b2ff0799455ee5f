/**
 * What a timer may ask for, from its payload text (FC `payload`, SCF `Message`): empty means a full
 * sweep; otherwise a JSON object of sweep options such as {"rules":["prod-dr"],"dryRun":true}
 * ("action" may be left out; a timer only ever sweeps).
 */
import { invalidInput } from '../contracts/errors';
import { joinPath } from '../validation/field-path';
import { asObject } from './event-fields';
import { parseSweepRequest } from './manual';
import { jsonField } from './payload';
import type { SweepRequest } from '../contracts/requests';
export function parseTimerOptions(raw: unknown, field: string): SweepRequest {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { action: 'sweep' };
  if (typeof raw !== 'string') throw invalidInput(field, 'must be a string (empty, or JSON sweep options)', raw);
  const options = asObject(jsonField(raw, field), field);
  if (options.action !== undefined && options.action !== 'sweep')
    throw invalidInput(joinPath(field, 'action'), 'must be "sweep" (a timer only sweeps)', options.action);
  return parseSweepRequest({ action: 'sweep', ...options }, field);
}
