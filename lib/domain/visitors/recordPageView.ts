import type { DomainContext } from '../types.js';
import { notFound } from '../../errors.js';

/**
 * The visitor moved to another page (a load or a single-page-app navigation): the session's
 * current page, a row in the page history, and a live update for the agents of that website.
 */
export async function recordPageView(ctx: DomainContext, input: { visitorId: number; url: string; title?: string | null }) {
  const { models, transaction } = ctx;
  const session = await models.VisitorSession.findOne({ where: { visitor_id: input.visitorId }, order: [['id', 'DESC']], transaction });
  if (!session) throw notFound('visit');
  const now = new Date();
  await session.update({ current_page: input.url, last_activity_at: now, is_online: true }, { transaction });
  const pageVisit = await models.PageVisit.create({ visitor_session_id: session.id, page_url: input.url, page_title: input.title ?? null, visited_at: now }, { transaction });
  ctx.emit({ name: 'visitor.page', clientId: session.client_id, visitorId: input.visitorId, url: input.url, title: input.title ?? null });
  return { session, pageVisit };
}
