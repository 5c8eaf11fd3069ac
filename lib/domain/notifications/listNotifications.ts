import { z } from 'zod';
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { DomainContext } from '../types.js';

export const listNotificationsInput = z.object({ unread: z.enum(['true', 'false']).optional(), before: z.coerce.number().int().positive().optional() });

/** How many of the user's notifications are unread (the number on the bell). */
export const countUnread = ({ models, transaction }: Pick<DomainContext, 'models' | 'transaction'>, userId: number) =>
  models.Notification.count({ where: { user_id: userId, read_at: null }, transaction });

/** The user's own notifications, newest first, 50 a page (`before` pages back), and the unread count. */
export async function listNotifications(models: Models, userId: number, input: z.infer<typeof listNotificationsInput>) {
  const where: Record<string | symbol, unknown> = { user_id: userId };
  if (input.unread === 'true') where.read_at = null;
  if (input.before) where.id = { [Op.lt]: input.before };
  const [rows, unread] = await Promise.all([models.Notification.findAll({ where, order: [['id', 'DESC']], limit: 50 }), countUnread({ models }, userId)]);
  return { rows, unread };
}
