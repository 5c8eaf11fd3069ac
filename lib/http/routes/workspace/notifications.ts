import { z } from 'zod';
import { markNotificationsRead } from '../../../domain/notifications/markNotificationsRead.js';
import { countUnread, listNotifications, listNotificationsInput } from '../../../domain/notifications/listNotifications.js';
import { presentNotification } from '../../../presenters/workspace.js';
import { agentOf } from '../../../identity/identity.js';
import { route } from '../../route.js';

/** The bell: the user's own notifications, newest first. */
const listNotificationsRoute = route({
  method: 'get',
  path: '/api/notifications',
  permission: 'signed.in',
  input: { query: listNotificationsInput },
  run: (ctx, { query }) => listNotifications(ctx.domain.models, agentOf(ctx.caller).userId, query),
  present: ({ rows, unread }) => ({ notifications: rows.map(presentNotification), unread }),
});

/** Marks some (ids) or all of the user's own notifications read; the answer says how many stay unread. */
const markNotificationsReadRoute = route({
  method: 'post',
  path: '/api/notifications/read',
  permission: 'signed.in',
  input: { body: z.unknown() },
  run: async (ctx, { body }) => {
    const userId = agentOf(ctx.caller).userId;
    const result = await markNotificationsRead(ctx.domain, userId, body);
    return { ...result, unread: await countUnread(ctx.domain, userId) };
  },
  present: (result) => result,
});

export const notificationRoutes = [listNotificationsRoute, markNotificationsReadRoute];
