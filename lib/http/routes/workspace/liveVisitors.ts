import { z } from 'zod';
import { findVisibleVisitor, visibleClientIds, allowsChatWrite } from '../../../policies/index.js';
import { startProactiveChat } from '../../../domain/chats/startProactiveChat.js';
import { listLiveVisitors } from '../../../domain/visitors/listLiveVisitors.js';
import { withUnitOfWork } from '../../../domain/unitOfWork.js';
import { parseInput } from '../../../domain/validate.js';
import { chatDTO, messageDTO } from '../../../presenters/realtime.js';
import { id } from '../../../domain/schemas.js';
import { actorOf, body, currentUser, params } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

const proactiveBody = z.object({ body: z.string(), clientMsgId: z.string().optional() });

/**
 * The live visitors page: everyone browsing the user's websites right now, with their visit; and
 * "Start chat", a proactive greeting that reaches the visitor's widget as an agent message.
 */
export function liveVisitorRoutes(router: AppRouter, deps: AppDeps) {
  const { models } = deps.db;

  router.get('/api/visitors/online', async (ctx) => {
    ctx.body = { visitors: await listLiveVisitors(models, await visibleClientIds(models, currentUser(ctx))) };
  });

  router.post('/api/visitors/:id/chat', async (ctx) => {
    const user = currentUser(ctx);
    const { id: visitorId } = params(ctx, z.object({ id }));
    await findVisibleVisitor(models, user, visitorId);
    allowsChatWrite(user);
    const input = parseInput(proactiveBody, body(ctx));
    const result = await withUnitOfWork({ sequelize: deps.db.sequelize, models, bus: deps.bus, messageStores: deps.db.messageStores }, actorOf(ctx), (dctx) =>
      startProactiveChat(dctx, user.id, { visitorId, body: input.body, clientMsgId: input.clientMsgId }),
    );
    ctx.status = result.created ? 201 : 200;
    ctx.body = { chat: chatDTO(result.chat), created: result.created, message: messageDTO(result.message, user.pseudo_name) };
  });
}
