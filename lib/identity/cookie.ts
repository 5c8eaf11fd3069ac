import { resolveSession } from '../domain/auth/sessions.js';
import type { Models } from '../db/models/index.js';
import type { Caller, Identity } from './identity.js';

export const SESSION_COOKIE = 'lc_session';

/** The value of one cookie in a raw Cookie header (a WebSocket upgrade has no Koa to parse it). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * The agent behind a dashboard session cookie, or null (no cookie, expired, signed out, account
 * disabled). The one cookie check: HTTP requests and WebSocket upgrades both come here.
 */
export async function identifyBySessionCookie(models: Models, token: string | undefined): Promise<{ identity: Extract<Identity, { kind: 'agent' }>; account: Required<NonNullable<Caller['account']>> } | null> {
  const found = await resolveSession(models, token);
  if (!found) return null;
  return {
    identity: { kind: 'agent', userId: found.user.id, role: found.user.role, sessionId: found.session.id },
    account: { user: found.user, session: found.session },
  };
}
