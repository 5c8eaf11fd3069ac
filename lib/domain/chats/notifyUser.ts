import type { DomainContext } from '../types.js';
import type { NotificationData } from '../../protocol/dto.js';

/** Stores an in-app notification (the bell) and announces it to the user's sockets after commit. */
export async function notifyUser(ctx: DomainContext, userId: number, type: string, data: NotificationData) {
  const row = await ctx.models.Notification.create({ user_id: userId, type, data }, { transaction: ctx.transaction });
  ctx.emit({ name: 'notification', userId, notification: { id: row.id, type, data, createdAt: new Date(row.created_at).toISOString() } });
  return row;
}
