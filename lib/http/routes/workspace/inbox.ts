import { z } from 'zod';
import { findVisibleChat, visibleClientIds } from '../../../policies/index.js';
import { listInbox } from '../../../domain/chats/listInbox.js';
import { chatContext } from '../../../domain/chats/chatContext.js';
import { id } from '../../../domain/schemas.js';
import { currentUser, params } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

/** The workspace's lists (chat cards) and a chat's side panel, for the websites the user works on. */
export function inboxRoutes(router: AppRouter, deps: AppDeps) {
  const { models } = deps.db;

  router.get('/api/inbox', async (ctx) => {
    const user = currentUser(ctx);
    ctx.body = await listInbox(models, user.id, await visibleClientIds(models, user), ctx.query);
  });

  router.get('/api/chats/:id/context', async (ctx) => {
    const { id: chatId } = params(ctx, z.object({ id }));
    const user = currentUser(ctx);
    ctx.body = await chatContext(models, user.id, await findVisibleChat(models, user, chatId));
  });
}
