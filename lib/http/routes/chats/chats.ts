import { z } from 'zod';
import { Op } from 'sequelize';
import { findVisibleChat, visibleClientIds } from '../../../policies/index.js';
import { presentChat, presentMessage } from '../../../presenters/index.js';
import { CHAT_STATUSES } from '../../../db/models/chat.js';
import { id } from '../../../domain/schemas.js';
import { currentUser, params, query } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';
import { messageSenderNames } from '../../../domain/chats/messageSenderNames.js';

const listQuery = z.object({
  status: z.enum(CHAT_STATUSES).optional(),
  clientId: id.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
const messagesQuery = z.object({
  afterSeq: z.coerce.number().int().min(0).default(0),
  /** Paging backwards (the dashboard opens a chat on its latest messages): those before this seq. */
  beforeSeq: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/** Chats and their messages, for the clients the user works on (50 a page, newest activity first). */
export function chatRoutes(router: AppRouter, deps: AppDeps) {
  const { models } = deps.db;

  router.get('/api/chats', async (ctx) => {
    const user = currentUser(ctx);
    const q = query(ctx, listQuery);
    const visible = await visibleClientIds(models, user);
    const clientFilter = q.clientId ? (visible && !visible.includes(q.clientId) ? [] : [q.clientId]) : visible;
    const where: Record<string, unknown> = {};
    if (clientFilter) where.client_id = { [Op.in]: clientFilter };
    if (q.status) where.status = q.status;
    const chats = await models.Chat.findAll({
      where,
      order: [['last_message_at', 'DESC'], ['id', 'DESC']],
      limit: 50,
      offset: (q.page - 1) * 50,
    });
    ctx.body = { chats: chats.map(presentChat), page: q.page };
  });

  router.get('/api/chats/:id', async (ctx) => {
    const { id: chatId } = params(ctx, z.object({ id }));
    ctx.body = { chat: presentChat(await findVisibleChat(models, currentUser(ctx), chatId)) };
  });

  router.get('/api/chats/:id/messages', async (ctx) => {
    const { id: chatId } = params(ctx, z.object({ id }));
    const q = query(ctx, messagesQuery);
    const chat = await findVisibleChat(models, currentUser(ctx), chatId);
    const seq = q.beforeSeq ? { [Op.gt]: q.afterSeq, [Op.lt]: q.beforeSeq } : { [Op.gt]: q.afterSeq };
    const found = await models.Message.findAll({
      where: { chat_id: chat.id, seq },
      order: [['seq', q.beforeSeq ? 'DESC' : 'ASC']],
      limit: q.limit,
    });
    const messages = q.beforeSeq ? found.reverse() : found;
    const nameOf = await messageSenderNames(models, messages);
    ctx.body = { messages: messages.map((m) => presentMessage(m, nameOf(m))) };
  });
}
