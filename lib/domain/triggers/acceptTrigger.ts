import type { DomainContext } from '../types.js';
import { notFound } from '../../errors.js';

/** The visitor opened the chat after a greeting: the show counts as accepted (once). Only their own show. */
export async function acceptTrigger(ctx: DomainContext, visitorId: number, showId: number) {
  const show = await ctx.models.TriggerShow.findByPk(showId, { transaction: ctx.transaction });
  if (!show || show.visitor_id !== visitorId) throw notFound('greeting');
  if (!show.accepted_at) await show.update({ accepted_at: new Date() }, { transaction: ctx.transaction });
  return show;
}
