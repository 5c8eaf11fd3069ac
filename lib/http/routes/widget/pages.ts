import { z } from 'zod';
import { recordNavigation } from '../../../domain/visitors/recordNavigation.js';
import { recordTimeOnPage } from '../../../domain/visitors/recordTimeOnPage.js';
import { withUnitOfWork } from '../../../domain/unitOfWork.js';
import { parseInput } from '../../../domain/validate.js';
import { invalid } from '../../../errors.js';
import { widgetVisitor } from '../files/widgetVisitor.js';
import { perMinute, rateLimit } from '../../middleware/rateLimit.js';
import { body } from '../helpers.js';
import type { AppContext, AppDeps, AppRouter } from '../../types.js';
import { widgetCors } from './cors.js';
import { pageTitle, pageUrl } from '../../../domain/schemas.js';

const left = z.object({ pageVisitId: z.number().int().positive(), seconds: z.number() });
const pageView = z.object({ token: z.string().max(512), url: pageUrl, title: pageTitle.optional(), left: left.optional() });
const pageLeave = z.object({ token: z.string().max(512) }).and(left);

/**
 * Beacons come as text/plain (a CORS-simple request, so no preflight when a page is being left);
 * JSON bodies are read as usual.
 */
async function beaconBody(ctx: AppContext): Promise<unknown> {
  if (!ctx.is('text/plain')) return body(ctx);
  let text = '';
  for await (const chunk of ctx.req) {
    text += chunk;
    if (text.length > 8192) throw invalid('The page report is too large.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalid('The page report must be JSON.');
  }
}

/**
 * What the loader reports while the visitor browses: a single-page-app navigation (a new page
 * view, live to the agents, and the time spent on the page before it) and, on page hide, the time
 * spent on the page being left. Authenticated by the visitor token in the body.
 */
export function widgetPageRoutes(router: AppRouter, deps: AppDeps) {
  const uow = { sequelize: deps.db.sequelize, models: deps.db.models, bus: deps.bus };
  const limiter = perMinute(deps, 'wpage', deps.config.chat.widgetRequestsPerMinute);
  const limited = rateLimit(limiter, (ctx) => ctx.ip, 'widget requests from this address');
  for (const path of ['/api/widget/pages', '/api/widget/pages/leave']) router.options(path, widgetCors);

  router.post('/api/widget/pages', widgetCors, limited, async (ctx) => {
    const input = parseInput(pageView, await beaconBody(ctx));
    const visitor = await widgetVisitor(ctx, deps, input.token);
    const actor = { type: 'visitor' as const, id: visitor.visitorId, clientId: visitor.clientId, ip: ctx.ip };
    const { pageVisit } = await withUnitOfWork(uow, actor, (dctx) => recordNavigation(dctx, visitor.visitorId, input));
    ctx.status = 201;
    ctx.body = { pageVisitId: pageVisit.id };
  });

  router.post('/api/widget/pages/leave', widgetCors, limited, async (ctx) => {
    const input = parseInput(pageLeave, await beaconBody(ctx));
    const visitor = await widgetVisitor(ctx, deps, input.token);
    const actor = { type: 'visitor' as const, id: visitor.visitorId, clientId: visitor.clientId, ip: ctx.ip };
    const visit = await withUnitOfWork(uow, actor, (dctx) => recordTimeOnPage(dctx, visitor.visitorId, input));
    ctx.body = { pageVisitId: visit.id, timeSpent: visit.time_spent };
  });
}
