import { InputError } from '../contracts/errors';
type Env = Record<string, string | undefined>;

/**
 * `API_TIMEOUT_MS`: how long one API request may take before it counts as a (transient) timeout.
 * Unset keeps the adapters' default of 10 s.
 */
export function apiTimeoutMs(env: Env): number | undefined {
  const text = env.API_TIMEOUT_MS;
  if (text === undefined || text.trim() === '') return undefined;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 100 || ms > 120_000) {
    throw new InputError('InvalidConfiguration', [{ field: 'API_TIMEOUT_MS', rule: 'must be a whole number of milliseconds from 100 to 120000', value: text }]);
  }
  return ms;
}
