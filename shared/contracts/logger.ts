export type LogLevel = 'info' | 'warn' | 'error';

/** One JSON object per line, as log services index them; implementations redact every line. */
export interface Logger {
  log(level: LogLevel, fields: Record<string, unknown>): void;
}
