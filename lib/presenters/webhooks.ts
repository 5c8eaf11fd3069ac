import type { BusEvent } from '../protocol/events.js';
import type { WebhookBody, WebhookEventData, WebhookEventType } from '../protocol/webhooks.js';
import type { IntegrationEvent } from '../domain/webhooks/integrationEvents.js';
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from '../db/models/webhook.js';
import type { WebhookDeliveryDTO, WebhookSubscriptionDTO } from '../protocol/webhooks.js';
import { chatDTO, visitorSummary } from './realtime.js';

/** One event for the outbox: its type, website, the queue it keeps its order in, and its `data`. */
export interface WebhookItem<T extends WebhookEventType = WebhookEventType> {
  type: T;
  clientId: number;
  orderKey: string;
  chatId: number | null;
  data: WebhookEventData[T];
}

const item = <T extends WebhookEventType>(type: T, clientId: number, chatId: number | null, data: WebhookEventData[T], orderKey = `chat:${chatId}`): WebhookItem => ({ type, clientId, orderKey, chatId, data }) as WebhookItem;

/**
 * The bus's events -> what webhooks carry (the same DTOs). message.created is not here: the message
 * pipeline writes its outbox rows itself (lib/db/messages/statements.ts), whoever sends the message.
 */
function fromBusEvent(event: BusEvent): WebhookItem | null {
  switch (event.name) {
    case 'chat.created':
      return item('chat.created', event.clientId, event.chat.id, { chat: event.chat, visitor: event.visitor });
    case 'agent.joined':
      return item('chat.assigned', event.clientId, event.chatId, { chatId: event.chatId, agent: event.agent, from: null, reason: null });
    case 'chat.transferred':
      return item('chat.assigned', event.clientId, event.chatId, { chatId: event.chatId, agent: event.to, from: event.from, reason: event.reason });
    case 'chat.closed':
      return item('chat.closed', event.clientId, event.chatId, { chatId: event.chatId, endedBy: event.endedBy });
    default:
      return null;
  }
}

function fromIntegrationEvent(event: IntegrationEvent): WebhookItem {
  switch (event.name) {
    case 'visitor.identified':
      return item('visitor.identified', event.clientId, null, { visitor: visitorSummary(event.visitor), phone: event.visitor.phone }, `visitor:${event.visitor.id}`);
    case 'lead.captured':
      return item('lead.captured', event.clientId, event.chatId, { chatId: event.chatId, visitor: visitorSummary(event.visitor), lead: event.lead });
    case 'rating.given':
      return item('rating.given', event.clientId, event.chat.id, { chat: chatDTO(event.chat), rating: event.chat.rating ?? 0, comment: event.chat.rating_comment });
  }
}

export function webhookItems(events: BusEvent[], integration: IntegrationEvent[]): WebhookItem[] {
  const items: WebhookItem[] = [];
  for (const event of events) {
    const found = fromBusEvent(event);
    if (found) items.push(found);
  }
  for (const event of integration) items.push(fromIntegrationEvent(event));
  return items;
}

/** The signed body of a delivery. */
export const webhookBody = (eventId: string, type: string, time: Date, clientId: number, data: unknown): WebhookBody =>
  ({ id: eventId, type, time: time.toISOString(), websiteId: clientId, data }) as WebhookBody;

export const eventTypesOf = (row: Pick<WebhookSubscriptionRow, 'events'>): WebhookEventType[] => JSON.parse(row.events) as WebhookEventType[];

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export const presentWebhookSubscription = (row: WebhookSubscriptionRow, withSecret = false): WebhookSubscriptionDTO => ({
  id: row.id,
  websiteId: row.client_id,
  url: row.url,
  events: eventTypesOf(row),
  enabled: !row.disabled_at,
  disabledAt: iso(row.disabled_at),
  failingSince: iso(row.failing_since),
  createdAt: iso(row.created_at)!,
  ...(withSecret ? { secret: row.secret } : {}),
});

export const presentWebhookDelivery = (row: WebhookDeliveryRow): WebhookDeliveryDTO => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  eventId: row.event_id,
  type: row.event_type,
  status: row.status,
  attempts: row.attempts,
  responseCode: row.response_code,
  error: row.last_error,
  createdAt: iso(row.created_at)!,
  deliveredAt: iso(row.delivered_at),
  nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
  payload: row.payload ? (JSON.parse(row.payload) as unknown) : null,
});
