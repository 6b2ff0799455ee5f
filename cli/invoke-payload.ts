import { InputError, type FieldProblem } from '../shared/contracts/errors';
import { parseFcEvent } from '../shared/triggers/fc';
import { parseScfEvent } from '../shared/triggers/scf';
import type { InvokePlatform } from '../shared/clouds/invoke/types';
import { parseJsonText, readTextFile, TextInputError } from './text-input';

/** The manual payload sent when none is given. */
const DEFAULT_PAYLOAD = '{"action":"sweep"}';

/** FC and SCF take at most 128 KB for an asynchronous invocation. */
const MAX_ASYNC_BYTES = 128 * 1024;

function problem(rule: string, value?: unknown): InputError {
  return new InputError('InvalidInput', [value === undefined ? { field: '--payload', rule } : { field: '--payload', rule, value }]);
}

/** FC 3.0 takes at most 32 MB in a synchronous invocation (SCF less); a bigger file is not a payload. */
const MAX_PAYLOAD_FILE_BYTES = 32 * 1024 * 1024;

function text(spec: string): string {
  if (!spec.startsWith('@')) return spec;
  const file = spec.slice(1);
  try {
    return readTextFile(file, MAX_PAYLOAD_FILE_BYTES);
  } catch (error) {
    if (!(error instanceof TextInputError)) throw error;
    throw problem(error.kind === 'unreadable' ? `names a file that ${error.rule}` : `file ${error.rule}`, file);
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
    value = parseJsonText(payload);
  } catch (error) {
    if (!(error instanceof TextInputError)) throw error;
    throw problem(error.rule);
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
