import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import { AppError, notFound } from '../../errors.js';
import { appendSystemMessage } from './systemMessage.js';

/**
 * An agent opens a closed chat again (the visitor came back by e-mail, it was closed by mistake):
 * it waits among the open chats as a new one does, its history kept, with a line saying who reopened
 * it. A visitor has one open chat at a time: with another one going on, it stays closed.
 */
export async function reopenChat(ctx: DomainContext, input: { chatId: number; byName: string | null }) {
  const { models, transaction } = ctx;
  const chat = await models.Chat.findByPk(input.chatId, { transaction });
  if (!chat) throw notFound('chat');
  if (chat.status !== 'closed') return { chat, reopened: false };
  const other = await models.Chat.findOne({ where: { visitor_id: chat.visitor_id, id: { [Op.ne]: chat.id }, status: { [Op.in]: ['waiting', 'active', 'offline'] } }, attributes: ['id'], transaction });
  if (other) throw new AppError('visitor_has_open_chat', `This visitor has another chat going on (#${other.id}): answer there.`, 409);
  await chat.update({ status: 'waiting', ended_at: null, ended_by: null }, { transaction });
  await appendSystemMessage(ctx, chat, `Chat reopened by ${input.byName ?? 'an agent'}`);
  ctx.emit({ name: 'chat.updated', clientId: chat.client_id, chatId: chat.id, change: 'reopened', chat });
  return { chat, reopened: true };
}
