import { format } from 'node:util';
import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr (stdout stays for command output). */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { app: 'livechat', ...bindings }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

const CONSOLE_LEVELS = { debug: 'debug', log: 'info', info: 'info', warn: 'warn', error: 'error' } as const;

/**
 * In the server process, libraries that write to the console (Sequelize's "Committing transaction
 * … failed", a driver's warning) and Node's own process warnings ("(node:123) DeprecationWarning")
 * go through the logger as JSON too, so a log collector never meets a bare text line. Returns a
 * function that puts both back (the CLI prints its refusal to start as one plain line).
 */
export function routeConsoleToLogger(logger: Logger): () => void {
  const original = { ...console };
  for (const [method, level] of Object.entries(CONSOLE_LEVELS) as [keyof typeof CONSOLE_LEVELS, (typeof CONSOLE_LEVELS)[keyof typeof CONSOLE_LEVELS]][]) {
    console[method] = (...args: unknown[]) => logger[level]({ source: 'console' }, format(...args));
  }
  // Node prints warnings from a listener of its own: replacing it is how they stop being text.
  const nodePrinters = process.listeners('warning');
  process.removeAllListeners('warning');
  const onWarning = (warning: Error) => logger.warn({ source: 'process', warning: warning.name }, warning.message);
  process.on('warning', onWarning);
  return () => {
    Object.assign(console, original);
    process.off('warning', onWarning);
    for (const printer of nodePrinters) process.on('warning', printer);
  };
}
