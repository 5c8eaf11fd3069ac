import fs from 'node:fs';
import { format } from 'node:util';
import { pino, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

/** `auto`: pretty for a person at a terminal, JSON for a process manager or a file (log.format). */
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface LoggerOptions {
  format?: LogFormat;
  /** Whether stderr (where the logs go) is a terminal; decides `auto`. */
  terminal?: boolean;
  /** Where the lines go (tests); default stderr. */
  destination?: { write(line: string): unknown };
}

/** The format `auto` stands for: a terminal gets readable lines, anything else JSON. */
export function resolveLogFormat(format: LogFormat, terminal: boolean): 'json' | 'pretty' {
  return format === 'auto' ? (terminal ? 'pretty' : 'json') : format;
}

/**
 * Logs on stderr (stdout stays for command output): JSON lines for a process manager or a log
 * collector, or, for a person at a terminal, one readable line each (time, level, message) where
 * the HTTP requests that went well are left out (they flood a terminal; `log.level` debug shows
 * them) and the others are summarised as "GET /path -> 500 (12 ms)".
 */
export function createLogger(level: string, bindings: Record<string, unknown> = {}, options: LoggerOptions = {}): Logger {
  const settings = { level, base: { app: 'livechat', ...bindings }, timestamp: pino.stdTimeFunctions.isoTime };
  const terminal = options.terminal ?? process.stderr.isTTY === true;
  if (resolveLogFormat(options.format ?? 'json', terminal) === 'json') return pino(settings, options.destination ?? pino.destination(2));
  return pino(settings, prettyDestination(level, terminal, options.destination));
}

const REQUEST_FIELDS = ['method', 'path', 'status', 'ms', 'userId'];

function prettyDestination(level: string, colour: boolean, destination?: { write(line: string): unknown }) {
  const showRequests = level === 'debug' || level === 'trace';
  const out = destination ?? {
    write: (text: string) => {
      try {
        fs.writeSync(2, text);
      } catch {
        // The terminal went away (EIO): there is no one left to read the line.
      }
    },
  };
  const pretty = prettyFactory({
    colorize: colour,
    translateTime: 'SYS:HH:MM:ss',
    ignore: ['pid', 'hostname', 'app', 'requestId', ...REQUEST_FIELDS].join(','),
    singleLine: true,
    messageFormat: (log, messageKey) => {
      if (log[messageKey] !== 'request') return String(log[messageKey] ?? '');
      return `${String(log.method)} ${String(log.path)} -> ${String(log.status)} (${String(log.ms)} ms)${log.userId ? ` user ${String(log.userId)}` : ''}`;
    },
  });
  return {
    write(line: string) {
      // A request that went well is info; warnings and errors (5xx) are always shown.
      if (!showRequests && line.includes('"msg":"request"')) {
        const entry = JSON.parse(line) as { level: number; msg: string };
        if (entry.msg === 'request' && entry.level < 40) return;
      }
      out.write(pretty(line));
    },
  };
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
