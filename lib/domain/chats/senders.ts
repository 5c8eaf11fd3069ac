import type { Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';

/** Who writes: a visitor (their own chats only) or an agent (chats they take part in); see chatWrite.ts. */
export type Sender = { type: 'visitor'; visitorId: number } | { type: 'agent'; userId: number };

export async function activeParticipation(models: Models, chatId: number, userId: number, transaction?: Transaction) {
  return models.ChatParticipant.findOne({ where: { chat_id: chatId, user_id: userId, left_at: null }, transaction });
}
