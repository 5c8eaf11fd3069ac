import type http from 'node:http';
import { cookieValue, identifyBySessionCookie, SESSION_COOKIE } from '../identity/cookie.js';
import { identifyByVisitorToken, type VisitorRefusal } from '../identity/visitorToken.js';
import type { Identity } from './connection.js';
import type { RealtimeDeps } from './types.js';

type AuthResult = { ok: true; identity: Identity } | { ok: false; status: number; reason: string };

/** How a refused upgrade (or long-poll open) is answered: the status line and a short reason. */
const REFUSALS: Record<VisitorRefusal, { status: number; reason: string }> = {
  invalid_token: { status: 401, reason: 'invalid or expired visitor token' },
  website_disabled: { status: 403, reason: 'website disabled' },
  origin_not_allowed: { status: 403, reason: 'origin not allowed' },
};

/**
 * Who is connecting, by the identity module (lib/identity). Visitors bring the signed token the
 * widget API issued (from the website's own page or livechat's widget frame); agents bring their
 * session cookie from the dashboard's origin only, so another site cannot open a socket with an
 * agent's cookie.
 *
 * A request without Origin is accepted on its credentials alone, deliberately: browsers always
 * send Origin on a WebSocket, so the Origin rule exists against a foreign page making the
 * browser use the agent's cookie (cross-site WebSocket hijacking). A client with no Origin is not
 * a browser and holds the cookie or token itself, which no Origin rule could stop
 * (docs/protocol.md, "Connecting"; test/integration/realtime/origin.test.ts).
 */
export async function authenticate(deps: RealtimeDeps, req: Pick<http.IncomingMessage, 'url' | 'headers'>, token: string | null): Promise<AuthResult> {
  const host = req.headers.host;
  const ownOrigins = [new URL(deps.config.publicUrl).origin, `http://${host}`, `https://${host}`];
  const origin = req.headers.origin;
  if (token) {
    const found = await identifyByVisitorToken({ models: deps.db.models, secret: deps.config.secrets.visitorToken, now: deps.clock.now(), origin, ownOrigins }, token);
    return found.ok ? { ok: true, identity: found.identity } : { ok: false, ...REFUSALS[found.refusal] };
  }
  if (origin && !ownOrigins.includes(origin)) return { ok: false, status: 403, reason: 'origin not allowed' };
  const found = await identifyBySessionCookie(deps.db.models, cookieValue(req.headers.cookie, SESSION_COOKIE));
  if (!found) return { ok: false, status: 401, reason: 'not signed in' };
  // A password someone else set must be replaced first (the dashboard asks before it connects).
  if (found.account.user.must_change_password) return { ok: false, status: 403, reason: 'password change required' };
  return { ok: true, identity: found.identity };
}
