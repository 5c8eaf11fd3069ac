import type http from 'node:http';
import { resolveSession } from '../domain/auth/sessions.js';
import { verifyVisitorToken } from '../domain/visitors/visitorToken.js';
import { originAllowed } from '../domain/visitors/originAllowed.js';
import { SESSION_COOKIE } from '../http/middleware/session.js';
import type { Identity } from './connection.js';
import type { RealtimeDeps } from './types.js';

export type AuthResult = { ok: true; identity: Identity } | { ok: false; status: number; reason: string };

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * Who is connecting. Visitors bring the signed token the widget API issued (from the website's
 * own page or livechat's widget frame); agents bring their session cookie from the dashboard's
 * origin only, so another site cannot open a socket with an agent's cookie.
 *
 * A request without Origin is accepted on its credentials alone, deliberately: browsers always
 * send Origin on a WebSocket, so the Origin rule exists against a foreign page making the
 * browser use the agent's cookie (cross-site WebSocket hijacking). A client with no Origin is not
 * a browser and holds the cookie or token itself, which no Origin rule could stop
 * (docs/protocol.md, "Connecting"; test/integration/realtime/origin.test.ts).
 */
export async function authenticate(deps: RealtimeDeps, req: Pick<http.IncomingMessage, 'url' | 'headers'>, token: string | null): Promise<AuthResult> {
  const ownOrigin = new URL(deps.config.publicUrl).origin;
  const origin = req.headers.origin;
  const host = req.headers.host;
  const sameOrigin = !origin || origin === ownOrigin || origin === `http://${host}` || origin === `https://${host}`;
  if (token) {
    const claims = verifyVisitorToken(deps.config.secrets.visitorToken, token);
    if (!claims) return { ok: false, status: 401, reason: 'invalid or expired visitor token' };
    const client = await deps.db.models.Client.findByPk(claims.clientId, { attributes: ['id', 'domains', 'is_active'] });
    if (!client?.is_active) return { ok: false, status: 403, reason: 'website disabled' };
    if (!sameOrigin && !originAllowed(origin, client.domains)) return { ok: false, status: 403, reason: 'origin not allowed' };
    return { ok: true, identity: { kind: 'visitor', visitorId: claims.visitorId, clientId: claims.clientId } };
  }
  if (!sameOrigin) return { ok: false, status: 403, reason: 'origin not allowed' };
  const found = await resolveSession(deps.db.models, cookie(req.headers.cookie, SESSION_COOKIE));
  if (!found) return { ok: false, status: 401, reason: 'not signed in' };
  return { ok: true, identity: { kind: 'agent', userId: found.user.id, role: found.user.role } };
}
