import { savePushSubscription } from '../../../domain/push/savePushSubscription.js';
import { removePushSubscription, removePushSubscriptionInput } from '../../../domain/push/removePushSubscription.js';
import { parseInput } from '../../../domain/validate.js';
import { body, currentUser, inTransaction } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

/** The browsers a user gets Web Push on (lib/push/subscriber.ts sends to them). */
export function pushRoutes(router: AppRouter, deps: AppDeps) {
  /** The key a browser subscribes with (PushManager.subscribe's applicationServerKey). */
  router.get('/api/push/key', async (ctx) => {
    ctx.body = { publicKey: deps.config.vapid.publicKey };
  });

  router.post('/api/push/subscriptions', async (ctx) => {
    const user = currentUser(ctx);
    const { created } = await inTransaction(deps, ctx, (dctx) => savePushSubscription(dctx, user.id, body(ctx), ctx.get('user-agent') || null, deps.config.push.allowedHosts));
    ctx.status = created ? 201 : 200;
    ctx.body = { subscribed: true };
  });

  /** DELETE ?endpoint=…: removes only the caller's own subscription for that endpoint. */
  router.delete('/api/push/subscriptions', async (ctx) => {
    const user = currentUser(ctx);
    const input = parseInput(removePushSubscriptionInput, ctx.query);
    const removed = await inTransaction(deps, ctx, (dctx) => removePushSubscription(dctx, user.id, input));
    ctx.status = removed ? 204 : 404;
    if (!removed) ctx.body = { error: { code: 'not_found', message: 'That browser is not subscribed.' } };
  });
}
