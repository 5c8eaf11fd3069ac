import type { z } from 'zod';
import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import { identifyVisitor, type identifyVisitorInput, type VisitMeta } from './identifyVisitor.js';
import { recordPageView } from './recordPageView.js';
import { applyIdentity } from './applyIdentity.js';
import { signVisitorToken } from './visitorToken.js';
import { onlineAgentIds } from '../chats/onlineAgents.js';
import { refuseBlocked } from '../blocks/refuseBlocked.js';
import { openingState } from '../hours/openingState.js';
import { dueTriggers } from '../triggers/dueTriggers.js';

/**
 * The widget's first call on each page: which website and visitor (identifyVisitor), the page view,
 * a signed visitor token for the socket and the widget API, whether an agent is online, and the
 * visitor's chats (the one going on, and the latest with the agents who took part, for its history),
 * whether the website is open now (business hours), and when on this page the loader should ask for
 * a proactive greeting (dueTriggers), and whether the host page's identify() was taken. A blocked visitor is refused (403).
 */
export async function openWidgetSession(ctx: DomainContext, input: z.output<typeof identifyVisitorInput>, meta: VisitMeta, signing: { secret: string; now: number }) {
  const { models, transaction } = ctx;
  const { client, visitor: seen, session } = await identifyVisitor(ctx, input, meta);
  // The host page's identify(): a signed user may be an earlier visitor, whose key the widget keeps from now on.
  const { visitor, identity } = await applyIdentity(ctx, client, seen, input.identity, signing.now);
  // A blocked visitor (by id or address) gets no widget: the refusal rolls the visit back too.
  await refuseBlocked(models, { clientId: client.id, visitorId: visitor.id, ip: meta.ip }, transaction);
  const page = input.page?.url ? await recordPageView(ctx, { visitorId: visitor.id, url: input.page.url, title: input.page.title ?? null }) : null;
  const [online, openChat, lastChat, departments] = await Promise.all([
    onlineAgentIds(models, client.id, transaction),
    models.Chat.findOne({ where: { visitor_id: visitor.id, status: { [Op.in]: ['waiting', 'active', 'offline'] } }, order: [['id', 'DESC']], transaction }),
    models.Chat.findOne({ where: { visitor_id: visitor.id }, order: [['id', 'DESC']], transaction }),
    models.Department.findAll({ where: { client_id: client.id }, attributes: ['id', 'name'], order: [['name', 'ASC']], transaction }),
  ]);
  const participants = lastChat ? await models.ChatParticipant.findAll({ where: { chat_id: lastChat.id }, attributes: ['user_id'], transaction }) : [];
  const agents = participants.length
    ? await models.User.findAll({ where: { id: participants.map((p) => p.user_id) }, attributes: ['id', 'pseudo_name', 'avatar'], transaction })
    : [];
  const triggerWaits = page ? await dueTriggers(ctx, client.id, visitor.id, page.pageVisit.id) : [];
  const token = signVisitorToken(signing.secret, { visitorId: visitor.id, clientId: client.id }, signing.now);
  const hours = openingState(client, new Date(signing.now));
  return { token, client, visitor, identity, session, pageVisitId: page?.pageVisit.id ?? null, agentsOnline: online.length > 0, hours, openChat, lastChat, agents, triggerWaits, departments };
}
