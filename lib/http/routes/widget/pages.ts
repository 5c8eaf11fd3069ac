import { z } from 'zod';
import { recordNavigation } from '../../../domain/visitors/recordNavigation.js';
import { recordTimeOnPage } from '../../../domain/visitors/recordTimeOnPage.js';
import { invalid } from '../../../errors.js';
import { visitorOf } from '../../../identity/identity.js';
import { perMinute, rateLimit } from '../../middleware/rateLimit.js';
import type { AppDeps, Middleware } from '../../types.js';
import { route } from '../../route.js';
import { pageTitle, pageUrl } from '../../../domain/schemas.js';

const left = z.object({ pageVisitId: z.number().int().positive(), seconds: z.number() });
const pageView = z.object({ token: z.string().max(512), url: pageUrl, title: pageTitle.optional(), left: left.optional() });
const pageLeave = z.object({ token: z.string().max(512) }).and(left);

/**
 * Beacons come as text/plain (a CORS-simple request, so no preflight when a page is being left):
 * read here as JSON (the body parser takes JSON only), so that the visitor token in it and the
 * report are read like any JSON body.
 */
const beaconBody: Middleware = async (ctx, next) => {
  if (ctx.is('text/plain')) {
    let text = '';
    for await (const chunk of ctx.req) {
      text += chunk;
      if (text.length > 8192) throw invalid('The page report is too large.');
    }
    try {
      ctx.request.body = JSON.parse(text);
    } catch {
      throw invalid('The page report must be JSON.');
    }
  }
  await next();
};

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
