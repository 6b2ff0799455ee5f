import { readFileSync } from 'node:fs';
import { InputError, type FieldProblem } from '../shared/contracts/errors';
import { parseFcEvent } from '../shared/triggers/fc';
import { parseScfEvent } from '../shared/triggers/scf';
import type { InvokePlatform } from '../shared/clouds/invoke/types';

/** The manual payload sent when none is given. */
const DEFAULT_PAYLOAD = '{"action":"sweep"}';

/** FC and SCF take at most 128 KB for an asynchronous invocation. */
const MAX_ASYNC_BYTES = 128 * 1024;

function problem(rule: string, value?: unknown): InputError {
  return new InputError('InvalidInput', [value === undefined ? { field: '--payload', rule } : { field: '--payload', rule, value }]);
}

function text(spec: string): string {
  if (!spec.startsWith('@')) return spec;
  const file = spec.slice(1);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : 'unreadable';
    throw problem(`names a file that cannot be read (${code})`, file);
  }
}

/** `destinations[0].region` -> `payload.destinations[0].region`; the whole event -> `payload`. */
function payloadField(field: string): string {
  if (field === '' || field === 'event' || field === 'input') return 'payload';
  return field.startsWith('[') ? `payload${field}` : `payload.${field}`;
}

/**
 * The payload (JSON text, or @file), checked by the same parser the function will run: a manual
 * payload, a timer event or a snapshot event. Bad input stops here, before any credentials or calls.
 */
export function readPayload(spec: string | undefined, platform: InvokePlatform, async: boolean): string {
  const payload = spec === undefined ? DEFAULT_PAYLOAD : text(spec);
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch (error) {
    throw problem(`must be JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    if (platform === 'scf') parseScfEvent(value);
    else parseFcEvent(Buffer.from(payload));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const problems: FieldProblem[] = error.problems.map((p) => ({ ...p, field: payloadField(p.field) }));
    throw new InputError('InvalidInput', problems);
  }
  const bytes = Buffer.byteLength(payload);
  if (async && bytes > MAX_ASYNC_BYTES) throw problem(`must be at most ${MAX_ASYNC_BYTES} bytes for an asynchronous invocation`, bytes);
  return payload;
}
