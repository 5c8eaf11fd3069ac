import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import { notFound } from '../../errors.js';
import type { Sender } from './senders.js';

/**
 * Read receipts: the reader has seen everything up to `seq`. A visitor reading marks the agents'
 * messages read (their double tick); an agent reading moves their own read mark and marks the
 * visitor's messages read.
 */
export async function markRead(ctx: DomainContext, reader: Sender, input: { chatId: number; seq: number }) {
  const { models, transaction } = ctx;
  const { chat, seq, fromOthers } = await receiptScope(ctx, reader, input);
  await models.Message.update(
    { is_read: true, read_at: new Date() },
    { where: { chat_id: chat.id, seq: { [Op.lte]: seq }, is_read: false, ...fromOthers }, transaction },
  );
  if (reader.type === 'agent') {
    await models.ChatParticipant.update({ last_read_seq: seq }, { where: { chat_id: chat.id, user_id: reader.userId, last_read_seq: { [Op.lt]: seq } }, transaction });
  }
  ctx.emit({ name: 'read', clientId: chat.client_id, chatId: chat.id, reader: reader.type, agentId: reader.type === 'agent' ? reader.userId : null, seq });
  return { seq };
}

/**
 * What a receipt (read, delivered) covers: the reader's chat (another's is not found), up to a seq
 * no further than the chat has gone, and the other side's messages only (a visitor's never cover notes).
 */
export async function receiptScope(ctx: DomainContext, reader: Sender, input: { chatId: number; seq: number }) {
  const chat = await ctx.models.Chat.findByPk(input.chatId, { transaction: ctx.transaction });
  if (!chat || (reader.type === 'visitor' && chat.visitor_id !== reader.visitorId)) throw notFound('chat');
  const fromOthers = reader.type === 'visitor' ? { sender_type: 'agent', is_internal: false } : { sender_type: 'visitor' };
  return { chat, seq: Math.min(input.seq, chat.last_seq), fromOthers };
}
