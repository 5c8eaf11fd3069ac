import type { Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { notFound } from '../../errors.js';

/** Who writes: a visitor (their own chats only) or an agent (chats they take part in). */
export type Sender = { type: 'visitor'; visitorId: number } | { type: 'agent'; userId: number };

/** The chat, locked for this transaction where the dialect can, checked to belong to the sender. */
export async function loadChatFor(models: Models, chatId: number, sender: Sender, transaction?: Transaction) {
  const chat = await models.Chat.findByPk(chatId, { transaction });
  if (!chat) throw notFound('chat');
  if (sender.type === 'visitor' && chat.visitor_id !== sender.visitorId) throw notFound('chat');
  return chat;
}

export async function activeParticipation(models: Models, chatId: number, userId: number, transaction?: Transaction) {
  return models.ChatParticipant.findOne({ where: { chat_id: chatId, user_id: userId, left_at: null }, transaction });
}

/** The name shown beside a message: an agent's pseudo name, a visitor's lead-form name. */
export async function senderName(models: Models, sender: Sender, transaction?: Transaction): Promise<string | null> {
  if (sender.type === 'agent') return (await models.User.findByPk(sender.userId, { attributes: ['pseudo_name'], transaction }))?.pseudo_name ?? null;
  return (await models.Visitor.findByPk(sender.visitorId, { attributes: ['name'], transaction }))?.name ?? null;
}
