import { Op } from 'sequelize';
import { identifyVisitor } from '../../../domain/visitors/identifyVisitor.js';
import { recordPageView } from '../../../domain/visitors/recordPageView.js';
import { signVisitorToken } from '../../../domain/visitors/visitorToken.js';
import { onlineAgentIds } from '../../../domain/chats/onlineAgents.js';
import { withUnitOfWork } from '../../../domain/unitOfWork.js';
import { describeDevice } from '../../../tracking/device.js';
import { locateIp } from '../../../tracking/geo.js';
import { agentRef, chatDTO } from '../../../presenters/realtime.js';
import { widgetSettingsDTO } from '../../../presenters/widget.js';
import type { WidgetSessionDTO } from '../../../protocol/widget.js';
import { perMinute, rateLimit } from '../../middleware/rateLimit.js';
import { body } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';
import { widgetCors } from './cors.js';

/**
 * The widget's first call on each page: it names the website (widget key) and, for a returning
 * visitor, their key. It records the visit and the page view, and answers with a signed visitor
 * token for the socket, the website's widget settings, whether an agent is online, and the
 * visitor's chats (the one going on, and the latest for its history).
 */
export function widgetSessionRoutes(router: AppRouter, deps: AppDeps) {
  const { db, config } = deps;
  const limiter = perMinute(deps, 'wsession', config.chat.widgetRequestsPerMinute);
  router.options('/api/widget/session', widgetCors);
  router.post('/api/widget/session', widgetCors, rateLimit(limiter, (ctx) => ctx.ip, 'widget requests from this address'), async (ctx) => {
    const meta = {
      origin: ctx.get('origin') || null,
      ip: ctx.ip,
      device: describeDevice(ctx.get('user-agent')),
      place: config.chat.geoLookup ? locateIp(ctx.ip) : null,
    };
    const input = body(ctx) as { page?: { url?: string; title?: string } };
    const { client, visitor, session, pageVisitId } = await withUnitOfWork({ sequelize: db.sequelize, models: db.models, bus: deps.bus }, { type: 'system' }, async (dctx) => {
      const found = await identifyVisitor(dctx, input as never, meta);
      const page = input.page?.url ? await recordPageView(dctx, { visitorId: found.visitor.id, url: input.page.url, title: input.page.title ?? null }) : null;
      return { ...found, pageVisitId: page?.pageVisit.id ?? null };
    });
    const [online, openChat, lastChat] = await Promise.all([
      onlineAgentIds(db.models, client.id),
      db.models.Chat.findOne({ where: { visitor_id: visitor.id, status: { [Op.in]: ['waiting', 'active', 'offline'] } }, order: [['id', 'DESC']] }),
      db.models.Chat.findOne({ where: { visitor_id: visitor.id }, order: [['id', 'DESC']] }),
    ]);
    const participants = lastChat ? await db.models.ChatParticipant.findAll({ where: { chat_id: lastChat.id }, attributes: ['user_id'] }) : [];
    const agents = participants.length
      ? await db.models.User.findAll({ where: { id: participants.map((p) => p.user_id) }, attributes: ['id', 'pseudo_name', 'avatar'] })
      : [];
    const answer: WidgetSessionDTO = {
      token: signVisitorToken(config.secrets.visitorToken, { visitorId: visitor.id, clientId: client.id }),
      visitorKey: visitor.visitor_key,
      sessionKey: session.session_key,
      visitorId: visitor.id,
      pageVisitId,
      settings: widgetSettingsDTO(client, config.files),
      agentsOnline: online.length > 0,
      openChat: openChat ? chatDTO(openChat) : null,
      lastChat: lastChat ? chatDTO(lastChat) : null,
      agents: agents.map(agentRef),
      leadFormFilled: Boolean(visitor.email && visitor.phone),
      visitor: { name: visitor.name, email: visitor.email, phone: visitor.phone },
    };
    ctx.body = answer;
  });
}
