import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import type { Instance } from '../../db/models/types.js';
import type { TriggerRow } from '../../db/models/trigger.js';
import type { VisitorFacts } from './matchTrigger.js';
import { notFound } from '../../errors.js';
import { isOpen } from '../hours/openingState.js';

const DAY_MS = 86_400_000;

/**
 * What the triggers of a visitor's page read: the page, the visit (referrer, UTM, when it began),
 * the visitor (visits, country, device), the website's hours. The page visit must be this visitor's
 * (404 otherwise, as for any foreign id).
 */
export async function loadTriggerFacts(ctx: DomainContext, visitorId: number, pageVisitId: number, known: { secondsOnPage: number; attributes: Record<string, string> } | null, now = new Date()) {
  const { models, transaction } = ctx;
  const page = await models.PageVisit.findByPk(pageVisitId, { transaction });
  const session = page ? await models.VisitorSession.findByPk(page.visitor_session_id, { transaction }) : null;
  const visitor = session?.visitor_id === visitorId ? await models.Visitor.findByPk(visitorId, { transaction }) : null;
  if (!page || !session || !visitor) throw notFound('page visit');
  const siteSecondsAtLoad = Math.max(0, (new Date(page.visited_at).getTime() - new Date(session.started_at).getTime()) / 1000);
  const facts: VisitorFacts = {
    url: page.page_url,
    secondsOnPage: known?.secondsOnPage ?? null,
    secondsOnSite: known ? siteSecondsAtLoad + known.secondsOnPage : null,
    siteSecondsAtLoad,
    totalVisits: visitor.total_visits,
    referrer: session.referrer_url,
    utm: session.utm,
    country: visitor.country,
    device: visitor.device,
    open: isOpen((await ctx.models.Client.findByPk(visitor.client_id, { attributes: ['id', 'business_hours'], transaction }))!, now),
    attributes: known?.attributes ?? null,
  };
  return { page, session, visitor, facts };
}

/** The website's enabled rules, the first to try first. */
export const enabledTriggers = (ctx: DomainContext, clientId: number) =>
  ctx.models.Trigger.findAll({ where: { client_id: clientId, enabled: true }, order: [['priority', 'ASC'], ['id', 'ASC']], transaction: ctx.transaction });

/** Frequency: not yet shown in this visit (once per session), or not in the last N days. */
export async function mayShowAgain(ctx: DomainContext, rule: Instance<TriggerRow>, visitorId: number, sessionId: number) {
  const where = rule.frequency_days === null
    ? { trigger_id: rule.id, visitor_session_id: sessionId }
    : { trigger_id: rule.id, visitor_id: visitorId, shown_at: { [Op.gt]: new Date(Date.now() - rule.frequency_days * DAY_MS) } };
  return !(await ctx.models.TriggerShow.findOne({ where, attributes: ['id'], transaction: ctx.transaction }));
}

/** A visitor already chatting gets no greeting. */
export async function isChatting(ctx: DomainContext, visitorId: number) {
  return !!(await ctx.models.Chat.findOne({ where: { visitor_id: visitorId, status: { [Op.in]: ['waiting', 'active'] } }, attributes: ['id'], transaction: ctx.transaction }));
}
