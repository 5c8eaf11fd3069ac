import { Op } from 'sequelize';
import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { AppError, notFound } from '../../errors.js';
import { recordAudit } from '../audit/recordAudit.js';
import { findWebhook } from './manageSubscriptions.js';

export const listDeliveriesInput = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  /** The page before this delivery id (newest first). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A subscription's delivery log, newest first. */
export async function listDeliveries(ctx: Pick<DomainContext, 'models'>, subscriptionId: number, input: z.output<typeof listDeliveriesInput>) {
  await findWebhook(ctx, subscriptionId);
  const rows = await ctx.models.WebhookDelivery.findAll({
    where: { subscription_id: subscriptionId, ...(input.status ? { status: input.status } : {}), ...(input.before ? { id: { [Op.lt]: input.before } } : {}) },
    order: [['id', 'DESC']],
    limit: input.limit + 1,
  });
  return { deliveries: rows.slice(0, input.limit), more: rows.length > input.limit };
}

/**
 * Sends a delivery again: a new outbox row with the same event and body, at the end of its chat's
 * queue. A delivery still pending is sent as soon as possible instead (its retry delay dropped).
 */
export async function redeliver(ctx: DomainContext, deliveryId: number) {
  const { models, transaction } = ctx;
  const row = await models.WebhookDelivery.findByPk(deliveryId, { transaction });
  if (!row) throw notFound('delivery');
  const subscription = await findWebhook(ctx, row.subscription_id);
  if (subscription.disabled_at) throw new AppError('webhook_disabled', 'This webhook is disabled: enable it first, then redeliver.', 409);
  const now = new Date();
  let result;
  if (row.status === 'pending') result = await row.update({ next_attempt_at: now }, { transaction });
  else {
    result = await models.WebhookDelivery.create(
      { subscription_id: row.subscription_id, event_id: row.event_id, event_type: row.event_type, order_key: row.order_key, chat_id: row.chat_id, message_seq: row.message_seq, payload: row.payload, status: 'pending', attempts: 0, next_attempt_at: now },
      { transaction },
    );
  }
  await recordAudit(ctx, { action: 'webhook.redelivered', targetType: 'webhook', targetId: row.subscription_id, details: { deliveryId: row.id, eventId: row.event_id } });
  return result;
}
