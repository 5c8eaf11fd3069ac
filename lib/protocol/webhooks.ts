import type { AgentRef, ChatDTO, MessageDTO, VisitorSummaryDTO } from './dto.js';

/** The events a webhook subscription may ask for. */
export const WEBHOOK_EVENT_TYPES = [
  'chat.created',
  'chat.assigned',
  'chat.closed',
  'message.created',
  'visitor.identified',
  'lead.captured',
  'rating.given',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What each event carries in `data`: the realtime protocol's DTOs (docs/webhooks.md). */
export interface WebhookEventData {
  'chat.created': { chat: ChatDTO; visitor: VisitorSummaryDTO };
  'chat.assigned': { chatId: number; agent: AgentRef; from: AgentRef | null; reason: string | null };
  'chat.closed': { chatId: number; endedBy: 'agent' | 'visitor' | 'system' };
  'message.created': { chatId: number; message: MessageDTO };
  'visitor.identified': { visitor: VisitorSummaryDTO; phone: string | null };
  'lead.captured': { chatId: number; visitor: VisitorSummaryDTO; lead: { name: string | null; email: string | null; phone: string | null; serviceType: string | null } };
  'rating.given': { chat: ChatDTO; rating: number; comment: string | null };
}

/** The JSON body of one delivery, signed (header Livechat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>). */
export interface WebhookBody<T extends WebhookEventType = WebhookEventType> {
  id: string;
  type: T;
  /** When the event happened (ISO 8601). */
  time: string;
  websiteId: number;
  data: WebhookEventData[T];
}

/** A subscription as the dashboard shows it (GET /api/webhooks); the secret only when created. */
export interface WebhookSubscriptionDTO {
  id: number;
  websiteId: number | null;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  disabledAt: string | null;
  failingSince: string | null;
  createdAt: string;
  secret?: string;
}

/** One row of the delivery log. */
export interface WebhookDeliveryDTO {
  id: number;
  subscriptionId: number;
  eventId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseCode: number | null;
  error: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  /** The body sent (or to be sent); null for a message not presented yet. */
  payload: unknown;
}
