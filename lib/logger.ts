import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr (stdout stays for command output). */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { app: 'livechat', ...bindings }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}
