import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { endpointHash } from './savePushSubscription.js';

export const removePushSubscriptionInput = z.object({ endpoint: z.string().min(1).max(700) });

/** Stops pushing to a browser: only the user's own subscription for that endpoint. Whether there was one. */
export async function removePushSubscription(ctx: DomainContext, userId: number, input: z.infer<typeof removePushSubscriptionInput>) {
  const removed = await ctx.models.PushSubscription.destroy({ where: { user_id: userId, endpoint_hash: endpointHash(input.endpoint) }, transaction: ctx.transaction });
  return removed > 0;
}
