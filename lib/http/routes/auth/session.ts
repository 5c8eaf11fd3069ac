import { login } from '../../../domain/auth/login.js';
import { destroySession } from '../../../domain/auth/sessions.js';
import { visibleClientIds } from '../../../policies/index.js';
import { presentOwnProfile } from '../../../presenters/index.js';
import { perMinute, rateLimit } from '../../middleware/rateLimit.js';
import { requireAuth, sameOriginOnly, SESSION_COOKIE } from '../../middleware/session.js';
import { body, currentUser } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

/** Sign in and out; `me` gives the dashboard its user and the CSRF token for writes. */
export function sessionRoutes(router: AppRouter, deps: AppDeps) {
  const { config, db } = deps;
  const secure = config.publicUrl.startsWith('https://');
  const limiter = perMinute(deps, 'login', config.auth.loginRateLimitPerMinute);

  router.post('/api/auth/login', sameOriginOnly(new URL(config.publicUrl).origin), rateLimit(limiter, (ctx) => ctx.ip, 'sign-in attempts from this address'), async (ctx) => {
    const result = await login(db, body(ctx), {
      ip: ctx.ip,
      userAgent: ctx.get('user-agent') || null,
      policy: config.auth,
      now: deps.now?.() ?? Date.now(),
    });
    ctx.cookies.set(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      overwrite: true,
      maxAge: config.auth.sessionTtlHours * 3600_000,
      path: '/',
    });
    const clientIds = await visibleClientIds(db.models, result.user);
    ctx.body = { user: presentOwnProfile(result.user, clientIds), csrfToken: result.csrfToken };
  });

  router.post('/api/auth/logout', requireAuth, async (ctx) => {
    await destroySession(db.models, ctx.cookies.get(SESSION_COOKIE));
    ctx.cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, maxAge: 0, path: '/' });
    ctx.status = 204;
  });

  router.get('/api/auth/me', requireAuth, async (ctx) => {
    const user = currentUser(ctx);
    ctx.body = { user: presentOwnProfile(user, await visibleClientIds(db.models, user)), csrfToken: ctx.state.auth!.session.csrf_token };
  });
}
