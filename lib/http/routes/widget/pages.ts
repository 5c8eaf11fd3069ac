import { z } from 'zod';
import { recordNavigation } from '../../../domain/visitors/recordNavigation.js';
import { recordTimeOnPage } from '../../../domain/visitors/recordTimeOnPage.js';
import { visitorOf } from '../../../identity/identity.js';
import { perMinute, rateLimit } from '../../middleware/rateLimit.js';
import { beaconBody } from '../../middleware/beaconBody.js';
import type { AppDeps, Middleware } from '../../types.js';
import { route } from '../../route.js';
import { pageTitle, pageUrl } from '../../../domain/schemas.js';

const left = z.object({ pageVisitId: z.number().int().positive(), seconds: z.number() });
const pageView = z.object({ token: z.string().max(512), url: pageUrl, title: pageTitle.optional(), left: left.optional() });
const pageLeave = z.object({ token: z.string().max(512) }).and(left);

/** Limited per address, one budget for both page routes of an app. */
const limits = new WeakMap<AppDeps, Middleware>();
const limited = (deps: AppDeps) => {
  let limit = limits.get(deps);
  if (!limit) limits.set(deps, (limit = rateLimit(perMinute(deps, 'wpage', deps.config.chat.widgetRequestsPerMinute), (ctx) => ctx.ip, 'widget requests from this address')));
  return [limit, beaconBody];
};

/**
 * What the loader reports while the visitor browses: a single-page-app navigation (a new page
 * view, live to the agents, and the time spent on the page before it) and, on page hide, the time
 * spent on the page being left, which also starts the visitor's offline grace (presence).
 * Authenticated by the visitor token in the body.
 */
const pageViewRoute = route({
  method: 'post',
  path: '/api/widget/pages',
  cors: 'widget',
  permission: 'visitor',
  before: limited,
  input: { body: pageView },
  status: 201,
  run: (ctx, { body }) => recordNavigation(ctx.domain, visitorOf(ctx.caller).visitorId, body),
  present: ({ pageVisit, triggerWaits }) => ({ pageVisitId: pageVisit.id, triggerWaits }),
});

const pageLeaveRoute = route({
  method: 'post',
  path: '/api/widget/pages/leave',
  cors: 'widget',
  permission: 'visitor',
  before: limited,
  input: { body: pageLeave },
  run: async (ctx, { body }) => {
    const visitor = visitorOf(ctx.caller);
    const visit = await recordTimeOnPage(ctx.domain, visitor.visitorId, body);
    // The page went away: offline after the grace unless the visitor is back by then (on any
    // node). Not awaited: it reads the visitor's session outside this request's transaction.
    ctx.env.deps.realtime?.presence.pageLeft(visitor, visit.id);
    return visit;
  },
  present: (visit) => ({ pageVisitId: visit.id, timeSpent: visit.time_spent }),
});

export const widgetPageRoutes = [pageViewRoute, pageLeaveRoute];
