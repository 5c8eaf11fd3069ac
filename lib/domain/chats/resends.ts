import type { Transaction } from 'sequelize';
import type { MessageRow } from '../../db/models/message.js';
import type { Models } from '../../db/models/index.js';
import { AppError } from '../../errors.js';
import type { Sender } from './senders.js';

/** Another sender's message holds this clientMsgId in the chat; nothing of it is told. */
export const clientMsgIdTaken = () =>
  new AppError('client_msg_id_taken', 'This clientMsgId is already used by another message in this chat: send it again with a new clientMsgId.', 409);

/**
 * A message found under a sender's (chat, clientMsgId) is a resend only if that sender wrote it:
 * then the caller answers with it. Anyone else's message (an agent's internal note, the visitor's
 * own words to an agent) is a conflict, or an idempotency answer would hand it to whoever guessed
 * its id.
 */
export function ownResend<M extends Pick<MessageRow, 'sender_type' | 'sender_id'>>(message: M | null, sender: Sender): M | null {
  if (!message) return null;
  const senderId = sender.type === 'agent' ? sender.userId : sender.visitorId;
  if (message.sender_type === sender.type && Number(message.sender_id) === senderId) return message;
  throw clientMsgIdTaken();
}

/** The sender's own message stored under (chat, clientMsgId), or null; another sender's is a conflict (see ownResend). */
export async function findOwnResend(models: Models, chatId: number, clientMsgId: string, sender: Sender, transaction?: Transaction) {
  return ownResend(await models.Message.findOne({ where: { chat_id: chatId, client_msg_id: clientMsgId }, transaction }), sender);
}
