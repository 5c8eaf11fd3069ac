import crypto from 'node:crypto';
import type { Logger } from '../../logger.js';
import type { Middleware } from '../types.js';

/** Gives every request an id (kept from X-Request-Id when sane), a child logger, and one log line when done. */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      // 503 is a deliberate answer (not ready, database unavailable), logged once per outage elsewhere: not an error.
      const level = ctx.status === 503 ? 'warn' : ctx.status >= 500 ? 'error' : 'info';
      ctx.state.log[level]({ method: ctx.method, path: ctx.path, status: ctx.status, ms, userId: ctx.state.auth?.user.id }, 'request');
    }
  };
}
