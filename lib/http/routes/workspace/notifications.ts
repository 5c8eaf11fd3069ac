import { z } from 'zod';
import { Op } from 'sequelize';
import { markNotificationsRead } from '../../../domain/notifications/markNotificationsRead.js';
import { savePushSubscription, endpointHash } from '../../../domain/push/savePushSubscription.js';
import { parseInput } from '../../../domain/validate.js';
import { body, currentUser, inTransaction, query } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

const listQuery = z.object({ unread: z.enum(['true', 'false']).optional(), before: z.coerce.number().int().positive().optional() });

/** The bell (the user's own notifications) and the browsers the user gets Web Push on. */
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
      notifications: rows.map((n) => ({ id: n.id, type: n.type, data: n.data, readAt: n.read_at ? new Date(n.read_at).toISOString() : null, createdAt: new Date(n.created_at).toISOString() })),
      unread,
    };
  });

  router.post('/api/notifications/read', async (ctx) => {
    const user = currentUser(ctx);
    const result = await inTransaction(deps, ctx, (dctx) => markNotificationsRead(dctx, user.id, body(ctx)));
    ctx.body = { ...result, unread: await models.Notification.count({ where: { user_id: user.id, read_at: null } }) };
  });

  /** The key a browser subscribes with (PushManager.subscribe's applicationServerKey). */
  router.get('/api/push/key', async (ctx) => {
    ctx.body = { publicKey: deps.config.vapid.publicKey };
  });

  router.post('/api/push/subscriptions', async (ctx) => {
    const user = currentUser(ctx);
    const { created } = await inTransaction(deps, ctx, (dctx) => savePushSubscription(dctx, user.id, body(ctx), ctx.get('user-agent') || null));
    ctx.status = created ? 201 : 200;
    ctx.body = { subscribed: true };
  });

  /** DELETE ?endpoint=…: removes only the caller's own subscription for that endpoint. */
  router.delete('/api/push/subscriptions', async (ctx) => {
    const user = currentUser(ctx);
    const { endpoint } = parseInput(z.object({ endpoint: z.string().min(1).max(700) }), ctx.query);
    const removed = await models.PushSubscription.destroy({ where: { user_id: user.id, endpoint_hash: endpointHash(endpoint) } });
    ctx.status = removed ? 204 : 404;
    if (!removed) ctx.body = { error: { code: 'not_found', message: 'That browser is not subscribed.' } };
  });
}
