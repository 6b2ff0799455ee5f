import { redact } from '../clouds/redact';

export type LogLevel = 'info' | 'warn' | 'error';

/** One JSON object per line: what log services index, with every string passed through redaction. */
export interface Logger {
  log(level: LogLevel, fields: Record<string, unknown>): void;
}

export type LineWriter = (line: string) => void;

export function jsonLogger(write: LineWriter = (line) => console.log(line), base: Record<string, unknown> = {}): Logger {
  return {
    log(level, fields) {
      write(redact(JSON.stringify({ level, time: new Date().toISOString(), ...base, ...fields })));
    },
  };
}
