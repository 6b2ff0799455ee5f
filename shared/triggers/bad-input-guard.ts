import { InputError } from '../contracts/errors';
/**
 * Runs a parser so that bad input can only ever surface as an InputError: whatever else a hostile
 * payload provokes is still bad input, answered with ok: false and never retried by the platform.
 */
export function withInputErrorsOnly<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InputError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputError('InvalidInput', [{ field: 'event', rule: `could not be read (${detail.slice(0, 200)})` }]);
  }
}
