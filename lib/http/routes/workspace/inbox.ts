import { z } from 'zod';
import { Op } from 'sequelize';
import { findVisibleChat, visibleClientIds } from '../../../policies/index.js';
import { chatCards } from '../../../domain/chats/chatCards.js';
import { chatContext } from '../../../domain/chats/chatContext.js';
import { id } from '../../../domain/schemas.js';
import { likeTerm } from '../../../domain/search/likeTerm.js';
import { currentUser, params, query } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

const PAGE = 50;
const inboxQuery = z.object({
  view: z.enum(['open', 'closed']).default('open'),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/**
 * The workspace's lists: every open chat (waiting, active, offline) of the user's websites as
 * cards, or the closed ones a page at a time, searchable by visitor name or e-mail.
 */
export function inboxRoutes(router: AppRouter, deps: AppDeps) {
  const { models } = deps.db;

  router.get('/api/inbox', async (ctx) => {
    const user = currentUser(ctx);
    const q = query(ctx, inboxQuery);
    const visible = await visibleClientIds(models, user);
    const where: Record<string | symbol, unknown> = visible ? { client_id: { [Op.in]: visible } } : {};
    if (q.view === 'open') where.status = { [Op.in]: ['waiting', 'active', 'offline'] };
    else where.status = 'closed';
    if (q.q) {
      const term = likeTerm(q.q);
      const visitors = await models.Visitor.findAll({ where: { ...(visible ? { client_id: { [Op.in]: visible } } : {}), [Op.or]: [{ name: { [Op.like]: term } }, { email: { [Op.like]: term } }] }, attributes: ['id'], limit: 500 });
      where.visitor_id = { [Op.in]: visitors.map((v) => v.id) };
    }
    const open = q.view === 'open';
    const chats = await models.Chat.findAll({
      where,
      order: open ? [['started_at', 'ASC'], ['id', 'ASC']] : [['ended_at', 'DESC'], ['id', 'DESC']],
      // Open chats are few and all shown; closed ones come a page at a time.
      limit: open ? 1000 : PAGE + 1,
      offset: open ? 0 : (q.page - 1) * PAGE,
    });
    const more = !open && chats.length > PAGE;
    ctx.body = { chats: await chatCards(models, user.id, more ? chats.slice(0, PAGE) : chats), page: q.page, more };
  });

  router.get('/api/chats/:id/context', async (ctx) => {
    const { id: chatId } = params(ctx, z.object({ id }));
    const user = currentUser(ctx);
    const chat = await findVisibleChat(models, user, chatId);
    ctx.body = await chatContext(models, user.id, chat);
  });
}
