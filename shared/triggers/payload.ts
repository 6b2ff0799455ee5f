/**
 * The raw invocation payload -> a parsed JSON value. FC 3.0 hands a Buffer, SCF an object; tests and
 * manual runs may hand a string. Anything that is not JSON is bad input, answered and never retried.
 */
import { InputError, invalidInput } from '../contracts/errors';
import { unsafeInputProblems } from '../validation/unsafe-input';

/**
 * The largest body a platform delivers: an FC trigger's batch push in a synchronous invocation (32 MB;
 * asynchronous ones carry 128 KB, SCF's 6 MB and 256 KB): docs/api-facts.md § "Platform: FC 3.0",
 * § "Platform: SCF". A batch is never refused for its size: what the time budget does not reach is
 * deferred to the sweep.
 */
const MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) throw invalidInput('event', 'must not be empty');
  if (bytes.byteLength > MAX_PAYLOAD_BYTES) throw invalidInput('event', `must be at most ${MAX_PAYLOAD_BYTES} bytes`, bytes.byteLength);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw invalidInput('event', 'must be UTF-8 text (got binary data)');
  }
}

function parseText(text: string): unknown {
  if (text.trim() === '') throw invalidInput('event', 'must not be empty');
  if (text.length > MAX_PAYLOAD_BYTES) throw invalidInput('event', `must be at most ${MAX_PAYLOAD_BYTES} bytes`, text.length);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidInput('event', 'must be JSON', text);
  }
}

/** An already parsed object is measured too: a huge one is refused as a huge text would be. */
function checkObjectSize(value: unknown): void {
  let size: number;
  try {
    size = JSON.stringify(value)?.length ?? 0;
  } catch {
    throw invalidInput('event', 'must be plain JSON data');
  }
  if (size > MAX_PAYLOAD_BYTES) throw invalidInput('event', `must be at most ${MAX_PAYLOAD_BYTES} bytes`, size);
}

/** Parses the payload and refuses keys that could reach object prototypes. */
export function parsePayload(event: unknown): unknown {
  let value: unknown;
  if (event instanceof Uint8Array) value = parseText(decode(event));
  else if (event instanceof ArrayBuffer) value = parseText(decode(new Uint8Array(event)));
  else if (typeof event === 'string') value = parseText(event);
  else if (event === undefined || event === null) throw invalidInput('event', 'must not be empty');
  else {
    checkObjectSize(event);
    value = event;
  }
  const unsafe = unsafeInputProblems(value);
  if (unsafe.length > 0) throw new InputError('InvalidInput', unsafe);
  return value;
}

/** A field that may hold JSON as text (EventBridge `data`, a timer's payload) or the value itself. */
export function jsonField(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value) as unknown;
  } catch {
    throw invalidInput(field, 'must be JSON', value);
  }
  const unsafe = unsafeInputProblems(parsed, field);
  if (unsafe.length > 0) throw new InputError('InvalidInput', unsafe);
  return parsed;
}
