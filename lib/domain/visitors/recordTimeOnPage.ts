import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { notFound } from '../../errors.js';

export const timeOnPageInput = z.object({
  pageVisitId: z.number().int().positive(),
  /** Seconds the page was in front of the visitor; a day at most counts. */
  seconds: z.number().min(0).max(86_400).transform(Math.round),
});

/**
 * How long a visitor stayed on a page, sent when they leave it (page hide or a single-page-app
 * navigation). Only the visitor's own page visits; a later, longer report replaces an earlier one.
 */
export async function recordTimeOnPage(ctx: DomainContext, visitorId: number, raw: z.input<typeof timeOnPageInput>) {
  const input = parseInput(timeOnPageInput, raw);
  const { models, transaction } = ctx;
  const visit = await models.PageVisit.findByPk(input.pageVisitId, { transaction });
  const session = visit ? await models.VisitorSession.findByPk(visit.visitor_session_id, { attributes: ['visitor_id'], transaction }) : null;
  if (!visit || session?.visitor_id !== visitorId) throw notFound('page visit');
  if (input.seconds > visit.time_spent) await visit.update({ time_spent: input.seconds }, { transaction });
  return visit;
}
