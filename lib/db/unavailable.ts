import { AppError } from '../errors.js';

/** What a client is told to wait before it tries again while the database does not answer. */
export const DATABASE_RETRY_AFTER_MS = 1000;

/**
 * Error codes and names that mean "the database did not answer or the link to it broke", as opposed
 * to a bad statement or a broken rule: a retry later may well succeed. From mysql2, Node's net,
 * Sequelize's connection errors, SQLite's lock, and our own deadlines.
 */
const CODES = new Set([
  'LIVECHAT_DB_TIMEOUT',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_CONNECTION_LOST',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_QUERY_INTERRUPTED',
  'ER_CONNECTION_KILLED',
  'SQLITE_BUSY',
]);
const NAMES = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionTimedOutError',
  'SequelizeConnectionAcquireTimeoutError',
  'SequelizeHostNotReachableError',
]);

/** Whether err (or what it wraps: Sequelize's parent/original, a cause) says the database is unreachable or too slow. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e = err as { code?: unknown; name?: unknown; fatal?: unknown; parent?: unknown; original?: unknown; cause?: unknown } | null;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    if (e instanceof AppError) return e.code === 'unavailable';
    if (typeof e.code === 'string' && CODES.has(e.code)) return true;
    if (typeof e.name === 'string' && NAMES.has(e.name)) return true;
    // mysql2 marks an error that ended the connection as fatal ("Can't add new command when connection is in closed state").
    if (e.fatal === true) return true;
    e = (e.parent ?? e.original ?? e.cause ?? null) as typeof e;
  }
  return false;
}

/** The one answer to a request the database could not serve in time: retryable, with when to retry. */
export const databaseUnavailable = () =>
  new AppError('unavailable', 'The database is not answering right now: try again in a moment (the apps retry by themselves).', 503, { retryAfterMs: DATABASE_RETRY_AFTER_MS });
