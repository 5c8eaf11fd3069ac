import { AppError } from '../../errors.js';
import { databaseUnavailable, isDatabaseUnavailable, DATABASE_RETRY_AFTER_MS } from '../../db/unavailable.js';
import type { DatabaseWatch } from '../../db/watch.js';
import { asDiskFullError } from '../../diskFull.js';
import type { Middleware } from '../types.js';

interface HttpishError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  message: string;
}

const CODES: Record<number, string> = { 400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'rate_limited' };

/** The one error shape of the API: {error: {code, message, details}}. Internal errors never leak their text. */
export function errorHandler(databaseWatch?: DatabaseWatch): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && /^\/api\//i.test(ctx.path)) {
        throw new AppError('not_found', `No API route ${ctx.method} ${ctx.path}.`, 404);
      }
    } catch (caught) {
      // A database that does not answer: 503 with Retry-After, logged once per outage by the watch.
      const unavailable = !(caught instanceof AppError) && isDatabaseUnavailable(caught);
      if (unavailable) {
        databaseWatch?.failed(caught);
        ctx.set('Retry-After', String(Math.ceil(DATABASE_RETRY_AFTER_MS / 1000)));
      }
      const err = unavailable ? databaseUnavailable() : asDiskFullError(caught);
      if (err instanceof AppError) {
        ctx.status = err.status;
        const retryAfterMs = (err.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
        if (err.status === 429 && typeof retryAfterMs === 'number') ctx.set('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
        ctx.body = { error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } };
        return;
      }
      const e = err as HttpishError;
      const status = e.status ?? e.statusCode ?? 500;
      if (status < 500 && (e.expose ?? true)) {
        ctx.status = status;
        const message = e.type === 'entity.parse.failed' || err instanceof SyntaxError ? 'The request body is not valid JSON.' : e.message;
        ctx.body = { error: { code: CODES[status] ?? 'bad_request', message } };
        return;
      }
      ctx.state.log?.error({ err }, 'unhandled error');
      ctx.status = 500;
      ctx.body = { error: { code: 'internal', message: `Something went wrong on our side; it has been logged (request ${ctx.state.requestId}).` } };
    }
  };
}
