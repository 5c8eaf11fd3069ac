import type { Database } from '../db/index.js';
import { messageDTO } from '../presenters/realtime.js';
import { webhookBody } from '../presenters/webhooks.js';
import type { WebhookDeliveryRow } from '../db/models/webhook.js';

/**
 * The body of a message.created row that the message pipeline wrote without one (the message's id
 * was not known then): the message as the realtime protocol presents it. Null when it is gone.
 */
export async function messageWebhookBody(db: Pick<Database, 'models'>, row: WebhookDeliveryRow): Promise<string | null> {
  const { models } = db;
  if (row.chat_id === null || row.message_seq === null) return null;
  const message = await models.Message.findOne({ where: { chat_id: row.chat_id, seq: row.message_seq } });
  const chat = message && (await models.Chat.findByPk(message.chat_id, { attributes: ['id', 'client_id', 'visitor_id'] }));
  if (!message || !chat) return null;
  let senderName: string | null = null;
  if (message.sender_type === 'agent' && message.sender_id) senderName = (await models.User.findByPk(message.sender_id, { attributes: ['pseudo_name'] }))?.pseudo_name ?? null;
  if (message.sender_type === 'visitor') senderName = (await models.Visitor.findByPk(chat.visitor_id, { attributes: ['name'] }))?.name ?? null;
  return JSON.stringify(webhookBody(row.event_id, 'message.created', new Date(row.created_at), chat.client_id, { chatId: chat.id, message: messageDTO(message, senderName) }));
}
