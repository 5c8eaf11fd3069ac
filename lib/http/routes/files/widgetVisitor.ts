import { httpCaller } from '../../route.js';
import type { AppContext, AppDeps } from '../../types.js';

/**
 * The visitor behind a widget API call that is not a declared route yet: the identity module's
 * answer (lib/identity/visitorToken.ts, through the route adapter's httpCaller): `Authorization:
 * Bearer <visitor token>` (or `token` in the body, for beacons that cannot set headers), from a
 * page on one of the website's domains (or the widget's own frame on this server).
 */
export async function widgetVisitor(ctx: AppContext, deps: AppDeps, beaconToken?: string) {
  const { identity } = await httpCaller(ctx, deps, 'visitor', beaconToken);
  if (identity?.kind !== 'visitor') throw new Error('widgetVisitor: the identity module answered without a visitor');
  return { visitorId: identity.visitorId, clientId: identity.clientId };
}
