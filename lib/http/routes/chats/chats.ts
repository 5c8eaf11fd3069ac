import { z } from 'zod';
import { findVisibleChat, visibleClientIds } from '../../../policies/index.js';
import { presentChat, presentMessage } from '../../../presenters/index.js';
import { id } from '../../../domain/schemas.js';
import { listChats, listChatsInput } from '../../../domain/chats/listChats.js';
import { listMessages, listMessagesInput } from '../../../domain/chats/listMessages.js';
import { currentUser, params, query } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

/** Chats and their messages, for the clients the user works on (50 a page, newest activity first). */
export function chatRoutes(router: AppRouter, deps: AppDeps) {
  const { models } = deps.db;

  router.get('/api/chats', async (ctx) => {
    const user = currentUser(ctx);
    const q = query(ctx, listChatsInput);
    const chats = await listChats(models, await visibleClientIds(models, user), q);
    ctx.body = { chats: chats.map(presentChat), page: q.page };
  });

  router.get('/api/chats/:id', async (ctx) => {
    const { id: chatId } = params(ctx, z.object({ id }));
    ctx.body = { chat: presentChat(await findVisibleChat(models, currentUser(ctx), chatId)) };
  });

  router.get('/api/chats/:id/messages', async (ctx) => {
    const { id: chatId } = params(ctx, z.object({ id }));
    const q = query(ctx, listMessagesInput);
    const chat = await findVisibleChat(models, currentUser(ctx), chatId);
    const { messages, nameOf } = await listMessages(models, chat.id, q);
    ctx.body = { messages: messages.map((m) => presentMessage(m, nameOf(m))) };
  });
}
