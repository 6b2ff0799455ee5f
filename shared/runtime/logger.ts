import type { Logger } from '../contracts/logger';
import { redact } from '../secrets/redact';

export type LineWriter = (line: string) => void;

/** Every line passes through redaction, whatever its fields hold. */
export function jsonLogger(write: LineWriter = (line) => console.log(line), base: Record<string, unknown> = {}): Logger {
  return {
    log(level, fields) {
      write(redact(JSON.stringify({ level, time: new Date().toISOString(), ...base, ...fields })));
    },
  };
}

/** The same logger, with `fields` on every line (an account's run names the account everywhere). */
export function withFields(logger: Logger, fields: Record<string, unknown>): Logger {
  return { log: (level, line) => logger.log(level, { ...fields, ...line }) };
}
