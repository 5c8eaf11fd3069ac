import { verifyVisitorToken } from '../domain/visitors/visitorToken.js';
import { originAllowed } from '../domain/visitors/originAllowed.js';
import type { Models } from '../db/models/index.js';
import type { Identity } from './identity.js';

export type VisitorRefusal = 'invalid_token' | 'website_disabled' | 'origin_not_allowed';
type VisitorIdentification =
  | { ok: true; identity: Extract<Identity, { kind: 'visitor' }>; websiteName: string }
  | { ok: false; refusal: VisitorRefusal; websiteName?: string };

interface VisitorTokenCheck {
  models: Models;
  secret: string;
  /** The time the token's expiry is judged at (epoch ms; the app's clock). */
  now: number;
  /** The Origin the request came from, if it said. */
  origin: string | undefined;
  /** Origins of this server itself (the widget's own frame): always allowed. */
  ownOrigins: readonly string[];
}

/**
 * The visitor behind a widget token: genuine and unexpired, of a website that is enabled, from a
 * page on one of that website's domains (or this server's own widget frame, or no Origin at all:
 * not a browser, which holds the token itself). The one visitor check for the widget's HTTP
 * calls, its WebSocket and its long poll; each transport words the refusal its own way.
 */
export async function identifyByVisitorToken(check: VisitorTokenCheck, token: string | undefined | null): Promise<VisitorIdentification> {
  const claims = verifyVisitorToken(check.secret, token, check.now);
  if (!claims) return { ok: false, refusal: 'invalid_token' };
  const client = await check.models.Client.findByPk(claims.clientId, { attributes: ['id', 'name', 'domains', 'is_active'] });
  if (!client?.is_active) return { ok: false, refusal: 'website_disabled' };
  const { origin } = check;
  if (origin && !check.ownOrigins.includes(origin) && !originAllowed(origin, client.domains)) return { ok: false, refusal: 'origin_not_allowed', websiteName: client.name };
  return { ok: true, identity: { kind: 'visitor', visitorId: claims.visitorId, clientId: claims.clientId }, websiteName: client.name };
}
