import { Op } from 'sequelize';
import { identifyVisitor } from '../../../domain/visitors/identifyVisitor.js';
import { signVisitorToken } from '../../../domain/visitors/visitorToken.js';
import { onlineAgentIds } from '../../../domain/chats/onlineAgents.js';
import { chatDTO } from '../../../presenters/realtime.js';
import { perMinute, rateLimit } from '../../middleware/rateLimit.js';
import { body } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';
import { widgetCors } from './cors.js';

/**
 * The widget's first call on each page: it names the website (widget key) and, for a returning
 * visitor, their key. It answers with a signed visitor token for the socket, the website's widget
 * settings, whether an agent is online, and the visitor's open chat if any.
 */
export function widgetSessionRoutes(router: AppRouter, deps: AppDeps) {
  const { db, config } = deps;
  const limiter = perMinute(config.chat.widgetRequestsPerMinute);
  router.options('/api/widget/session', widgetCors);
  router.post('/api/widget/session', widgetCors, rateLimit(limiter, (ctx) => ctx.ip, 'widget requests from this address'), async (ctx) => {
    const { client, visitor, session } = await db.sequelize.transaction((transaction) =>
      identifyVisitor({ models: db.models, transaction, actor: { type: 'system' } }, body(ctx) as never, { origin: ctx.get('origin') || null, ip: ctx.ip }),
    );
    const [online, openChat] = await Promise.all([
      onlineAgentIds(db.models, client.id),
      db.models.Chat.findOne({ where: { visitor_id: visitor.id, status: { [Op.in]: ['waiting', 'active', 'offline'] } }, order: [['id', 'DESC']] }),
    ]);
    ctx.body = {
      token: signVisitorToken(config.secrets.visitorToken ?? '', { visitorId: visitor.id, clientId: client.id }),
      visitorKey: visitor.visitor_key,
      sessionKey: session.session_key,
      visitorId: visitor.id,
      client: { id: client.id, name: client.name, logo: client.logo, settings: client.widget_settings },
      agentsOnline: online.length > 0,
      openChat: openChat ? chatDTO(openChat) : null,
      leadFormFilled: Boolean(visitor.email),
    };
  });
}
