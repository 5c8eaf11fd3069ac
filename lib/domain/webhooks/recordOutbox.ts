import crypto from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { WebhookEventType } from '../../protocol/webhooks.js';

/** An event to hand to the subscriptions that asked for it (presented by lib/presenters/webhooks.ts). */
export interface OutboxEvent {
  type: WebhookEventType;
  clientId: number;
  orderKey: string;
  chatId: number | null;
  /** The signed body, given the event id: built once, sent as it is on every attempt. */
  body(eventId: string, time: Date): unknown;
}

/**
 * Writes one outbox row per event and active subscription that asked for it (its website's, or
 * every website's), in the caller's transaction: the row exists exactly when the change does.
 */
export async function recordOutbox(models: Models, transaction: Transaction, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  const subscriptions = await models.WebhookSubscription.findAll({ where: { disabled_at: null }, attributes: ['id', 'client_id', 'events'], transaction });
  if (subscriptions.length === 0) return;
  const now = new Date();
  const rows = [];
  for (const event of events) {
    const eventId = crypto.randomUUID();
    const payload = JSON.stringify(event.body(eventId, now));
    for (const s of subscriptions) {
      if (s.client_id !== null && s.client_id !== event.clientId) continue;
      if (!(JSON.parse(s.events) as string[]).includes(event.type)) continue;
      rows.push({ subscription_id: s.id, event_id: eventId, event_type: event.type, order_key: event.orderKey, chat_id: event.chatId, payload, status: 'pending' as const, attempts: 0, next_attempt_at: now });
    }
  }
  if (rows.length > 0) await models.WebhookDelivery.bulkCreate(rows, { transaction });
}
