import type { Sequelize } from 'sequelize';
import { AppError } from '../../errors.js';
import { within } from '../../deadline.js';

/** How long one search (the top bar's, or the history's text filter) may take before it is refused, in ms: under database.queryTimeoutMs's default (10 s), so a slow search is not taken for an outage. */
export const SEARCH_TIME_LIMIT_MS = 4000;

/** The answer to a search that ran past its bound: what to do about it, not "the database is not answering". */
export const searchTooSlow = () =>
  new AppError('search_too_slow', 'The search took too long: narrow it with a date range, a website or more words.', 422);

class SearchTimeout extends Error {
  readonly code = 'LIVECHAT_SEARCH_TIMEOUT';
}

/** MariaDB's "max_statement_time exceeded" (ER_STATEMENT_TIMEOUT, 1969). */
const isStatementTimeout = (err: unknown): boolean => {
  let e = err as { errno?: unknown; code?: unknown; parent?: unknown; original?: unknown } | null;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth += 1) {
    if (e.errno === 1969 || e.code === 'ER_STATEMENT_TIMEOUT') return true;
    e = (e.parent ?? e.original ?? null) as typeof e;
  }
  return false;
};

/**
 * A search statement's SQL bounded on the server too: MariaDB stops it at `ms` (SET STATEMENT
 * max_statement_time), so an abandoned search does not keep a core busy. SQLite has no such bound.
 */
export function boundedSql(sequelize: Sequelize, sql: string, ms: number): string {
  return sequelize.getDialect() === 'mysql' ? `SET STATEMENT max_statement_time=${(Math.max(1, ms) / 1000).toFixed(3)} FOR ${sql}` : sql;
}

/** Runs a search, refused with searchTooSlow() past `ms` (by the timer here or by MariaDB's own bound). */
export async function withinSearchLimit<T>(work: Promise<T>, ms: number): Promise<T> {
  work.catch(() => undefined); // its late failure, after the bound, is not an unhandled rejection
  try {
    return await within(work, ms, 'a search', SearchTimeout);
  } catch (err) {
    if (err instanceof SearchTimeout || isStatementTimeout(err)) throw searchTooSlow();
    throw err;
  }
}
