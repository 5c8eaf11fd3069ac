import { AppError } from '../errors.js';
import { databaseUnavailable, isDatabaseUnavailable } from '../db/unavailable.js';
import { asDiskFullError } from '../diskFull.js';
import type { DatabaseWatch } from '../db/watch.js';

export interface MappedError {
  /** What the caller is told: an AppError, or (not one) an internal error to log and hide. */
  error: unknown;
  /** The database did not answer: a retryable `unavailable`, logged once per outage by the watch. */
  unavailable: boolean;
}

/** The one error mapping of every entry point, whatever carries it (HTTP, socket, long poll). */
export function mapError(caught: unknown, databaseWatch?: Pick<DatabaseWatch, 'failed'>): MappedError {
  const unavailable = !(caught instanceof AppError) && isDatabaseUnavailable(caught);
  if (unavailable) databaseWatch?.failed(caught);
  return { error: unavailable ? databaseUnavailable() : asDiskFullError(caught), unavailable };
}

/** The reply fields of an AppError: code, message, and retryAfterMs when the client should retry. */
export function errorFields(err: AppError): { code: string; message: string; retryAfterMs?: number } {
  const retryAfterMs = (err.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return { code: err.code, message: err.message, ...(typeof retryAfterMs === 'number' && retryAfterMs ? { retryAfterMs } : {}) };
}
