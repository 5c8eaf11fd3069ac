import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import { notFound } from '../../errors.js';
import { appendSystemMessage } from './systemMessage.js';

/** Ends a chat (by an agent, the visitor or the system): no more messages; everyone is told. */
export async function closeChat(ctx: DomainContext, input: { chatId: number; endedBy: 'agent' | 'visitor' | 'system'; byName?: string | null }) {
  const { models, transaction } = ctx;
  const chat = await models.Chat.findByPk(input.chatId, { transaction });
  if (!chat) throw notFound('chat');
  if (chat.status === 'closed') return { chat, closed: false };
  const who = input.endedBy === 'visitor' ? 'the visitor' : input.endedBy === 'agent' ? (input.byName ?? 'an agent') : 'the system';
  await appendSystemMessage(ctx, chat, `Chat closed by ${who}`);
  await chat.update({ status: 'closed', ended_at: new Date(), ended_by: input.endedBy }, { transaction });
  await models.ChatParticipant.update({ left_at: new Date() }, { where: { chat_id: chat.id, left_at: { [Op.is]: null } }, transaction });
  ctx.emit({ name: 'chat.closed', clientId: chat.client_id, chatId: chat.id, endedBy: input.endedBy });
  return { chat, closed: true };
}
