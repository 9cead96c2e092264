// One logger for the process; child loggers carry a namespace (`runtime`, `http`, `node.inject`).
import { pino, type Logger } from 'pino';
import { createRequire } from 'node:module';
import type PinoPretty from 'pino-pretty';

export type { Logger };

export interface LogOptions {
  level: string;
  /** Human-readable lines instead of JSON (default when stderr is a terminal). */
  pretty: boolean;
}

export function createLogger({ level, pretty: human }: LogOptions): Logger {
  // pino-pretty is required only for a terminal: services and tests log JSON and never load it.
  const stream = human
    ? (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty)({ destination: 2, sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' })
    : pino.destination({ dest: 2, sync: false });
  return pino({ level, base: undefined }, stream);
}

/** Writes an audit entry for an API call that changed state. */
export function audit(log: Logger, event: string, fields: Record<string, unknown>): void {
  log.info({ audit: true, event, ...fields }, event);
}
