import { resolveSession } from '../../domain/auth/sessions.js';
import { AppError } from '../../errors.js';
import type { Models } from '../../db/models/index.js';
import type { Middleware } from '../types.js';

export const SESSION_COOKIE = 'lc_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Reads the session cookie and attaches the signed-in user, if any. */
export function loadSession(models: Models): Middleware {
  return async (ctx, next) => {
    const found = await resolveSession(models, ctx.cookies.get(SESSION_COOKIE));
    if (found) ctx.state.auth = { user: found.user, session: found.session };
    await next();
  };
}

/**
 * CSRF defence for cookie-authenticated writes: the X-CSRF-Token header must match the token the
 * session got at login (a cross-site form cannot read it). Logins check the Origin instead.
 */
export function csrfProtection(allowedOrigin: string): Middleware {
  return async (ctx, next) => {
    // The widget API is called cross-origin on purpose and authenticates with a visitor token, not a cookie.
    if (UNSAFE.has(ctx.method) && ctx.path.startsWith('/api/') && !ctx.path.startsWith('/api/widget/')) {
      const origin = ctx.get('origin');
      // (Koa's ctx.origin is the request's Origin header, so the server's own is rebuilt here.)
      if (origin && origin !== allowedOrigin && origin !== `${ctx.protocol}://${ctx.host}`) {
        throw new AppError('csrf_failed', `Requests from ${origin} are not accepted.`, 403);
      }
      const auth = ctx.state.auth;
      if (auth && ctx.get('x-csrf-token') !== auth.session.csrf_token) {
        throw new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header: reload the page and try again.', 403);
      }
    }
    await next();
  };
}

export const requireAuth: Middleware = async (ctx, next) => {
  if (!ctx.state.auth) throw new AppError('unauthenticated', 'Sign in first.', 401);
  await next();
};
