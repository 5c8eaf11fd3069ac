import { markNotificationsRead } from '../../../domain/notifications/markNotificationsRead.js';
import { countUnread, listNotifications, listNotificationsInput } from '../../../domain/notifications/listNotifications.js';
import { presentNotification } from '../../../presenters/workspace.js';
import { body, currentUser, inTransaction, query } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

/** The bell: the user's own notifications, newest first, and marking them read. */
export function notificationRoutes(router: AppRouter, deps: AppDeps) {
  const { models } = deps.db;

  router.get('/api/notifications', async (ctx) => {
    const { rows, unread } = await listNotifications(models, currentUser(ctx).id, query(ctx, listNotificationsInput));
    ctx.body = { notifications: rows.map(presentNotification), unread };
  });

  router.post('/api/notifications/read', async (ctx) => {
    const user = currentUser(ctx);
    const result = await inTransaction(deps, ctx, (dctx) => markNotificationsRead(dctx, user.id, body(ctx)));
    ctx.body = { ...result, unread: await countUnread(models, user.id) };
  });
}
