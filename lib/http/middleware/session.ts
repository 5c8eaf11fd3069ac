import { identifyBySessionCookie, SESSION_COOKIE } from '../../identity/cookie.js';
import { AppError } from '../../errors.js';
import type { Models } from '../../db/models/index.js';
import type { AppContext, Middleware } from '../types.js';

export { SESSION_COOKIE };
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origins a dashboard write may come from: the configured public URL, or the host it was sent to. */
export const ownOrigins = (ctx: AppContext, publicOrigin: string) => [publicOrigin, `${ctx.protocol}://${ctx.host}`];

/**
 * Reads the session cookie (by the identity module, lib/identity) and attaches the signed-in user, if any.
 *
 * CSRF is decided here, by method and by how the request is authenticated, never by its path: a
 * cookie identity is handed to a state-changing request only when it carries the X-CSRF-Token the
 * session got at sign-in (a cross-site page cannot read it) and, if it says where it comes from, an
 * Origin of ours. Otherwise the request goes on unauthenticated, remembering why, so that every route
 * whose permission wants a signed-in user answers 403 (lib/http/route.ts httpCaller) — however its path is spelled —
 * while routes authenticated otherwise (the widget's visitor token) never see the cookie at all.
 */
export function loadSession(models: Models, publicOrigin: string): Middleware {
  return async (ctx, next) => {
    const found = await identifyBySessionCookie(models, ctx.cookies.get(SESSION_COOKIE));
    if (found) {
      const refusal = SAFE.has(ctx.method) ? null : csrfRefusal(ctx, publicOrigin, found.account.session.csrf_token);
      if (refusal) ctx.state.csrfRefusal = refusal;
      else ctx.state.auth = found.account;
    }
    await next();
  };
}

function csrfRefusal(ctx: AppContext, publicOrigin: string, csrfToken: string): AppError | null {
  const origin = ctx.get('origin');
  // (Koa's ctx.origin is the request's Origin header, so the server's own is rebuilt here.)
  if (origin && !ownOrigins(ctx, publicOrigin).includes(origin)) {
    return new AppError('csrf_failed', `Requests from ${origin} are not accepted.`, 403);
  }
  if (ctx.get('x-csrf-token') !== csrfToken) {
    return new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header: reload the page and try again.', 403);
  }
  return null;
}

/**
 * For a request that is not yet authenticated but will be (sign-in sets the cookie): refused when
 * a page of another site sends it, so no one can sign a visitor into the attacker's account.
 */
export function sameOriginOnly(publicOrigin: string): Middleware {
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    if (origin && !ownOrigins(ctx, publicOrigin).includes(origin)) {
      throw new AppError('csrf_failed', `Requests from ${origin} are not accepted.`, 403);
    }
    await next();
  };
}

