import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { id } from '../schemas.js';
import { enabledTriggers, isChatting, loadTriggerFacts, mayShowAgain } from './triggerFacts.js';
import { matchConditions } from './matchTrigger.js';
import { startProactiveChat } from '../chats/startProactiveChat.js';

export const checkTriggersInput = z.object({
  pageVisitId: id,
  /** Seconds on the page, as the loader counts them (a visitor who lies only gets a greeting sooner). */
  seconds: z.number().min(0).max(86_400),
  /** What the host page gave Livechat('identify', {...}): its custom attributes (strings and numbers are kept, the rest ignored). */
  identity: z.record(z.string().max(60), z.unknown()).optional(),
});

const stringsOnly = (attrs: Record<string, unknown> = {}) =>
  Object.fromEntries(Object.entries(attrs).flatMap(([k, v]) => (typeof v === 'string' || typeof v === 'number' ? [[k, String(v).slice(0, 200)]] : [])));

/**
 * The loader asks, at a time dueTriggers named, whether a greeting is due on this page. The first
 * rule (by priority) whose conditions all hold and whose frequency allows it fires: its show is
 * recorded and, sent as an agent, the greeting starts a chat with that agent in it (an agent no
 * longer on the website: it is sent as the website). At most one greeting per page view, none to
 * a visitor already chatting.
 */
export async function checkTriggers(ctx: DomainContext, visitorId: number, raw: z.input<typeof checkTriggersInput>) {
  const input = parseInput(checkTriggersInput, raw);
  const { models, transaction } = ctx;
  const { page, session, visitor, facts } = await loadTriggerFacts(ctx, visitorId, input.pageVisitId, { secondsOnPage: input.seconds, attributes: stringsOnly(input.identity) });
  if (await models.TriggerShow.findOne({ where: { page_visit_id: page.id }, attributes: ['id'], transaction })) return null;
  if (await isChatting(ctx, visitor.id)) return null;
  for (const rule of await enabledTriggers(ctx, visitor.client_id)) {
    if (matchConditions(rule.conditions, facts) !== true || !(await mayShowAgain(ctx, rule, visitor.id, session.id))) continue;
    const show = await models.TriggerShow.create(
      { trigger_id: rule.id, visitor_id: visitor.id, visitor_session_id: session.id, page_visit_id: page.id, shown_at: new Date() },
      { transaction },
    );
    const { agentId, text, show: how } = rule.action;
    const agent = agentId ? await models.User.findByPk(agentId, { attributes: ['id', 'pseudo_name', 'is_active'], transaction }) : null;
    const onWebsite = agent?.is_active && (await models.ClientAgent.findOne({ where: { client_id: visitor.client_id, user_id: agent.id }, attributes: ['id'], transaction }));
    if (agent && onWebsite) {
      await startProactiveChat(ctx, agent.id, { visitorId: visitor.id, body: text, clientMsgId: `trigger-${show.id}` });
      return { showId: show.id, from: agent.pseudo_name, text, open: how === 'open' };
    }
    const client = await models.Client.findByPk(visitor.client_id, { attributes: ['name'], transaction });
    return { showId: show.id, from: client?.name ?? '', text, open: how === 'open' };
  }
  return null;
}
