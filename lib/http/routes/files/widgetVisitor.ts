import { verifyVisitorToken } from '../../../domain/visitors/visitorToken.js';
import { originAllowed } from '../../../domain/visitors/originAllowed.js';
import { AppError } from '../../../errors.js';
import type { AppContext, AppDeps } from '../../types.js';

/**
 * The visitor behind a widget API call: `Authorization: Bearer <visitor token>` (or the token in the
 * body, for beacons that cannot set headers), from a page on one
 * of the website's domains (or the widget's own frame on this server). Once the origin is known to
 * be allowed, CORS headers are set at once so that even a refusal (too large, wrong type) can be
 * read and shown by the widget.
 */
export async function widgetVisitor(ctx: AppContext, deps: AppDeps, bodyToken?: string) {
  const header = ctx.get('authorization');
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? bodyToken;
  const claims = verifyVisitorToken(deps.config.secrets.visitorToken, token);
  if (!claims) throw new AppError('unauthenticated', 'A valid visitor token is required (Authorization: Bearer <token>): reload the page.', 401);
  const client = await deps.db.models.Client.findByPk(claims.clientId, { attributes: ['id', 'name', 'domains', 'is_active'] });
  if (!client?.is_active) throw new AppError('unauthenticated', 'This website is disabled.', 401);
  const origin = ctx.get('origin');
  // (Koa 3's ctx.origin is the Origin header itself, so this server's own origin is spelled out.)
  const ownOrigins = [new URL(deps.config.publicUrl).origin, `${ctx.protocol}://${ctx.host}`];
  if (origin && !ownOrigins.includes(origin) && !originAllowed(origin, client.domains)) {
    throw new AppError('origin_not_allowed', `The widget of ${client.name} may only run on its own domains.`, 403);
  }
  return { visitorId: claims.visitorId, clientId: claims.clientId };
}
