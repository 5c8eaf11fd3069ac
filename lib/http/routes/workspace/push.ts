import { z } from 'zod';
import { savePushSubscription } from '../../../domain/push/savePushSubscription.js';
import { removePushSubscription, removePushSubscriptionInput } from '../../../domain/push/removePushSubscription.js';
import { AppError } from '../../../errors.js';
import { agentOf } from '../../../identity/identity.js';
import { route } from '../../route.js';

/** The key a browser subscribes with (PushManager.subscribe's applicationServerKey). */
const pushKeyRoute = route({
  method: 'get',
  path: '/api/push/key',
  permission: 'signed.in',
  run: async (ctx) => ctx.env.deps.config.vapid.publicKey,
  present: (publicKey) => ({ publicKey }),
});

/** A browser the user gets Web Push on (lib/push/subscriber.ts sends to them); savePushSubscription validates it. */
const subscribePushRoute = route({
  method: 'post',
  path: '/api/push/subscriptions',
  permission: 'signed.in',
  input: { body: z.unknown() },
  run: (ctx, { body }) => savePushSubscription(ctx.domain, agentOf(ctx.caller).userId, body, ctx.env.http.get('user-agent') || null, ctx.env.deps.config.push.allowedHosts),
  present: () => ({ subscribed: true }),
  status: (result) => (result.created ? 201 : 200),
});

/** DELETE ?endpoint=…: removes only the caller's own subscription for that endpoint. */
const unsubscribePushRoute = route({
  method: 'delete',
  path: '/api/push/subscriptions',
  permission: 'signed.in',
  input: { query: removePushSubscriptionInput },
  status: 204,
  run: async (ctx, { query }) => {
    if (!(await removePushSubscription(ctx.domain, agentOf(ctx.caller).userId, query))) throw new AppError('not_found', 'That browser is not subscribed.', 404);
  },
  present: () => null,
});

export const pushRoutes = [pushKeyRoute, subscribePushRoute, unsubscribePushRoute];
