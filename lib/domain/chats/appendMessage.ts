import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { DomainContext } from '../types.js';
import type { MessageRow } from '../../db/models/message.js';
import { messageDTO } from '../../presenters/realtime.js';

export interface NewMessage {
  chatId: number;
  clientId: number;
  senderType: MessageRow['sender_type'];
  senderId: number | null;
  senderName: string | null;
  type: MessageRow['message_type'];
  body: string | null;
  internal?: boolean;
  clientMsgId?: string | null;
  file?: Pick<MessageRow, 'file_path' | 'file_name' | 'file_size' | 'file_type'>;
}

/**
 * Stores one message with the chat's next sequence number. The UPDATE takes the chat row's lock,
 * so concurrent senders in one chat get consecutive numbers in commit order. Needs a transaction.
 */
export async function appendMessage(ctx: DomainContext, input: NewMessage) {
  const { models, transaction } = ctx;
  if (!transaction) throw new Error('appendMessage needs a transaction');
  const now = new Date();
  const seq = await nextSeq(models.Chat.sequelize!, input.chatId, now, transaction);
  const message = await models.Message.create(
    {
      chat_id: input.chatId,
      seq,
      client_msg_id: input.clientMsgId ?? null,
      sender_type: input.senderType,
      sender_id: input.senderId,
      message_type: input.type,
      body: input.body,
      is_internal: input.internal ?? false,
      ...(input.file ?? {}),
      created_at: now,
    },
    { transaction },
  );
  const dto = messageDTO(message, input.senderName);
  ctx.emit({ name: 'message.created', clientId: input.clientId, chatId: input.chatId, message: dto });
  return { message, dto };
}

/** A line from the system in the chat's history ("Ann joined the chat"). */
export function appendSystemMessage(ctx: DomainContext, chat: { id: number; client_id: number }, body: string) {
  return appendMessage(ctx, { chatId: chat.id, clientId: chat.client_id, senderType: 'system', senderId: null, senderName: null, type: 'system', body });
}

/**
 * Takes the chat's next sequence number in one round trip: SQLite returns it with RETURNING;
 * MySQL/MariaDB hand it back as the statement's insert id through LAST_INSERT_ID(expr).
 */
async function nextSeq(sequelize: Sequelize, chatId: number, now: Date, transaction: Transaction): Promise<number> {
  if (sequelize.getDialect() === 'sqlite') {
    const rows = await sequelize.query<{ last_seq: number }>(
      'UPDATE chats SET last_seq = last_seq + 1, last_message_at = ?, updated_at = ? WHERE id = ? RETURNING last_seq',
      { replacements: [now, now, chatId], transaction, type: QueryTypes.SELECT },
    );
    return rows[0].last_seq;
  }
  const [result] = await sequelize.query('UPDATE chats SET last_seq = LAST_INSERT_ID(last_seq + 1), last_message_at = ?, updated_at = ? WHERE id = ?', {
    replacements: [now, now, chatId],
    transaction,
  });
  return Number((result as unknown as { insertId: number }).insertId);
}
