import { z } from 'zod';
import { Op } from 'sequelize';
import { markNotificationsRead } from '../../../domain/notifications/markNotificationsRead.js';
import { presentNotification } from '../../../presenters/workspace.js';
import { body, currentUser, inTransaction, query } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

const listQuery = z.object({ unread: z.enum(['true', 'false']).optional(), before: z.coerce.number().int().positive().optional() });

/** The bell: the user's own notifications, newest first, and marking them read. */
export function notificationRoutes(router: AppRouter, deps: AppDeps) {
  const { models } = deps.db;

  router.get('/api/notifications', async (ctx) => {
    const user = currentUser(ctx);
    const q = query(ctx, listQuery);
    const where: Record<string, unknown> = { user_id: user.id };
    if (q.unread === 'true') where.read_at = null;
    if (q.before) where.id = { [Op.lt]: q.before };
    const [rows, unread] = await Promise.all([
      models.Notification.findAll({ where, order: [['id', 'DESC']], limit: 50 }),
      models.Notification.count({ where: { user_id: user.id, read_at: null } }),
    ]);
    ctx.body = {
      notifications: rows.map(presentNotification),
      unread,
    };
  });

  router.post('/api/notifications/read', async (ctx) => {
    const user = currentUser(ctx);
    const result = await inTransaction(deps, ctx, (dctx) => markNotificationsRead(dctx, user.id, body(ctx)));
    ctx.body = { ...result, unread: await models.Notification.count({ where: { user_id: user.id, read_at: null } }) };
  });
}
