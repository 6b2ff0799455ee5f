/** One malformed input and the answer it must get: ok: false, this code, a field starting with this path. */
export interface CorpusCase {
  name: string;
  /** Exactly what the handler receives (FC: a Buffer; SCF: an object, text or a Buffer). */
  event: unknown;
  /** REPLICATION_POLICY text; the corpus's valid policy when absent. */
  policy?: string;
  code: 'InvalidInput' | 'InvalidPolicy';
  /** The expected start of `error.field`. */
  field: string;
}

/** A Buffer of JSON, as FC hands its payload over. */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

/** A Buffer of raw text: truncated JSON, keys JSON.stringify could not write (`__proto__`). */
export function textBytes(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}
