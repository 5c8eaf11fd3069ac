import { z } from 'zod';
import { login } from '../../../domain/auth/login.js';
import { signOut } from '../../../domain/auth/sessions.js';
import { visibleClientIds } from '../../../policies/index.js';
import { presentOwnProfile } from '../../../presenters/index.js';
import { perMinute, rateLimit } from '../../middleware/rateLimit.js';
import { sameOriginOnly, SESSION_COOKIE } from '../../middleware/session.js';
import type { AppDeps } from '../../types.js';
import { route, type HttpEnv } from '../../route.js';

const cookieOptions = (deps: AppDeps) => ({ httpOnly: true, sameSite: 'lax' as const, secure: deps.config.publicUrl.startsWith('https://'), path: '/' });
const clearCookie = (env: HttpEnv) => env.http.cookies.set(SESSION_COOKIE, '', { ...cookieOptions(env.deps), maxAge: 0 });

/**
 * The sign-in limit's key: the account and the address together, so twenty agents of one office
 * behind one NAT all sign in at nine, while one account from one address is held to the limit.
 * (Guessing is stopped by login's failure counts: per account and address, and per account.)
 */
function signInKey(ctx: { ip: string; request: { body?: unknown } }): string {
  const email = (ctx.request.body as { email?: unknown } | undefined)?.email;
  return `${typeof email === 'string' ? email.trim().toLowerCase() : ''}|${ctx.ip}`;
}

/**
 * Sign in: public, but refused from another site's page (no one can sign a visitor into the
 * attacker's account) and limited per account and address; login itself counts failures and locks out.
 */
const loginRoute = route({
  method: 'post',
  path: '/api/auth/login',
  permission: 'public',
  before: (deps) => [
    sameOriginOnly(new URL(deps.config.publicUrl).origin),
    rateLimit(perMinute(deps, 'login', deps.config.auth.loginRateLimitPerMinute), signInKey, 'sign-in attempts for this account from this address'),
  ],
  // login validates the body, and commits each attempt's count by itself.
  input: { body: z.unknown() },
  unitOfWork: 'none',
  run: async (ctx, { body }) => {
    const { http, deps } = ctx.env;
    const result = await login(deps.db, body, { ip: http.ip, userAgent: http.get('user-agent') || null, policy: deps.config.auth, now: deps.clock.now() });
    return { ...result, clientIds: await visibleClientIds(ctx.domain.models, result.user) };
  },
  present: (result, ctx) => {
    const { http, deps } = ctx.env;
    http.cookies.set(SESSION_COOKIE, result.token, { ...cookieOptions(deps), overwrite: true, maxAge: deps.config.auth.sessionTtlHours * 3600_000 });
    return { user: presentOwnProfile(result.user, result.clientIds), csrfToken: result.csrfToken };
  },
});

const logoutRoute = route({
  method: 'post',
  path: '/api/auth/logout',
  permission: 'own.account',
  status: 204,
  run: (ctx) => signOut(ctx.domain, ctx.env.http.cookies.get(SESSION_COOKIE)),
  present: (_result, ctx) => {
    clearCookie(ctx.env);
    return null;
  },
});

/** The dashboard's user and the CSRF token for its writes. */
const meRoute = route({
  method: 'get',
  path: '/api/auth/me',
  permission: 'own.account',
  run: async (ctx) => {
    const { user, session } = ctx.caller.account!;
    return { user, session, clientIds: await visibleClientIds(ctx.domain.models, user) };
  },
  present: ({ user, session, clientIds }) => ({ user: presentOwnProfile(user, clientIds), csrfToken: session!.csrf_token }),
});

export const sessionRoutes = [loginRoute, logoutRoute, meRoute];
