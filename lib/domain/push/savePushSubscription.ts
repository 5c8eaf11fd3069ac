import crypto from 'node:crypto';
import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { assertPushEndpoint } from '../../push/endpoints.js';

/** The browser's PushSubscription.toJSON(). */
const pushSubscriptionInput = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(700),
  keys: z.object({ p256dh: z.string().min(16).max(200), auth: z.string().min(8).max(100) }),
});

export const endpointHash = (endpoint: string) => crypto.createHash('sha256').update(endpoint).digest('hex');

/**
 * Remembers where to push an agent's notifications. The same endpoint registered again (a reload,
 * or another account signing in on that browser) moves to the latest user: one browser, one owner.
 * Only an https endpoint of an allowed push service on a public address is kept (lib/push/endpoints.ts).
 */
export async function savePushSubscription(ctx: DomainContext, userId: number, raw: unknown, userAgent: string | null, allowedHosts: string[]) {
  const input = parseInput(pushSubscriptionInput, raw);
  await assertPushEndpoint(input.endpoint, allowedHosts);
  const { models, transaction } = ctx;
  const hash = endpointHash(input.endpoint);
  const existing = await models.PushSubscription.findOne({ where: { endpoint_hash: hash }, transaction });
  const fields = { user_id: userId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, user_agent: userAgent?.slice(0, 255) ?? null };
  if (existing) return { subscription: await existing.update(fields, { transaction }), created: false };
  return { subscription: await models.PushSubscription.create({ ...fields, endpoint_hash: hash }, { transaction }), created: true };
}
