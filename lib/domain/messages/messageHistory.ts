import type { DomainContext } from '../types.js';
import { forbidden, notFound } from '../../errors.js';
import type { MessageChangeDTO } from '../../protocol/dto.js';
import type { Sender } from '../chats/senders.js';

/** Agents only: a message's earlier texts and its deleted text (as the setting kept it), oldest first. */
export async function messageHistory(ctx: DomainContext, reader: Sender, input: { chatId: number; messageId: number }): Promise<{ changes: MessageChangeDTO[] }> {
  if (reader.type !== 'agent') throw forbidden('Only agents see the earlier texts of a message.');
  const { models, transaction } = ctx;
  const message = await models.Message.findOne({ where: { id: input.messageId, chat_id: input.chatId }, attributes: ['id'], transaction });
  if (!message) throw notFound('message');
  const rows = await models.MessageChange.findAll({ where: { message_id: message.id, kind: ['edit', 'delete'] }, order: [['seq', 'ASC']], transaction });
  return {
    changes: rows.map((c) => ({ kind: c.kind as 'edit' | 'delete', previousBody: c.previous_body, by: `${c.actor_type}:${c.actor_id}`, at: new Date(c.created_at).toISOString() })),
  };
}
