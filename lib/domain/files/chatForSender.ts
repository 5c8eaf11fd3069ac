import type { Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { notFound } from '../../errors.js';
import { chatClosed, notParticipant } from '../chats/errors.js';
import type { Sender } from '../chats/senders.js';

/**
 * The chat a sender shares a file in, and the name shown beside it: a visitor's own chat, or a chat
 * the agent has joined (as for a text message); never a closed chat. Another visitor's chat is
 * "not found", so ids cannot be probed.
 */
export async function chatForSender(models: Models, sender: Sender, chatId: number, transaction?: Transaction) {
  const chat = await models.Chat.findByPk(chatId, { attributes: ['id', 'client_id', 'visitor_id', 'status', 'first_response_at'], transaction });
  if (!chat || (sender.type === 'visitor' && chat.visitor_id !== sender.visitorId)) throw notFound('chat');
  if (chat.status === 'closed') throw chatClosed();
  if (sender.type === 'visitor') {
    const visitor = await models.Visitor.findByPk(sender.visitorId, { attributes: ['name'], transaction });
    return { chat, senderName: visitor?.name ?? null };
  }
  const participation = await models.ChatParticipant.findOne({
    where: { chat_id: chat.id, user_id: sender.userId, left_at: null },
    include: [{ model: models.User, as: 'user', attributes: ['pseudo_name'] }],
    transaction,
  });
  if (!participation?.user) throw notParticipant();
  return { chat, senderName: participation.user.pseudo_name };
}
