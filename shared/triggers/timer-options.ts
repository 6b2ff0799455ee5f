/**
 * What a timer may ask for, from its text (FC `payload`, SCF `Message`): empty means a full sweep;
 * a JSON object holds sweep options such as {"rules":["prod-dr"],"dryRun":true} ("action" may be
 * left out; a timer only ever sweeps). Anything else is free text (the consoles' own examples put
 * "awesome-fc" or "user define msg body" there): it cannot mean options, so a plain sweep runs and
 * the answer says the text was ignored (docs/api-facts.md § "Event: FC timer", § "Event: SCF timer").
 */
import { InputError, invalidInput } from '../contracts/errors';
import type { SweepRequest } from '../contracts/requests';
import { joinPath } from '../validation/field-path';
import { unsafeInputProblems } from '../validation/unsafe-input';
import { isPlainObject } from '../validation/plain-object';
import { parseSweepRequest } from './manual';

export interface TimerOptions {
  request: SweepRequest;
  /** Set when the text was not sweep options and a plain sweep runs instead. */
  ignoredText?: string;
}

const MAX_IGNORED_ECHO = 64;

function freeText(raw: string, field: string): TimerOptions {
  const shown = raw.length > MAX_IGNORED_ECHO ? `${raw.slice(0, MAX_IGNORED_ECHO)}…` : raw;
  return { request: { action: 'sweep' }, ignoredText: `${field} ${JSON.stringify(shown)} is not JSON sweep options: ran a full sweep` };
}

export function parseTimerOptions(raw: unknown, field: string): TimerOptions {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { request: { action: 'sweep' } };
  if (typeof raw !== 'string') throw invalidInput(field, 'must be a string (empty, or JSON sweep options)', raw);
  let options: unknown;
  try {
    options = JSON.parse(raw);
  } catch {
    return freeText(raw, field);
  }
  if (!isPlainObject(options)) return freeText(raw, field);
  const unsafe = unsafeInputProblems(options, field);
  if (unsafe.length > 0) throw new InputError('InvalidInput', unsafe);
  if (options.action !== undefined && options.action !== 'sweep')
    throw invalidInput(joinPath(field, 'action'), 'must be "sweep" (a timer only sweeps)', options.action);
  return { request: parseSweepRequest({ action: 'sweep', ...options }, field) };
}
