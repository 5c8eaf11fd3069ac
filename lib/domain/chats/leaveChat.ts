import type { DomainContext } from '../types.js';
import { notFound } from '../../errors.js';
import { appendSystemMessage } from './systemMessage.js';
import { activeParticipation } from './senders.js';

/** An agent leaves; when the last one leaves an open chat, it waits for an agent again. */
export async function leaveChat(ctx: DomainContext, input: { chatId: number; userId: number; quiet?: boolean }) {
  const { models, transaction } = ctx;
  const chat = await models.Chat.findByPk(input.chatId, { transaction });
  if (!chat) throw notFound('chat');
  const participation = await activeParticipation(models, chat.id, input.userId, transaction);
  if (!participation) return { chat, left: false };
  await participation.update({ left_at: new Date() }, { transaction });
  const user = await models.User.findByPk(input.userId, { transaction });
  const remaining = await models.ChatParticipant.count({ where: { chat_id: chat.id, left_at: null }, transaction });
  if (remaining === 0 && chat.status === 'active') await chat.update({ status: 'waiting' }, { transaction });
  // Off their count: routing gives a chat left waiting to someone else.
  if (chat.assigned_agent_id === input.userId) await chat.update({ assigned_agent_id: null, assigned_at: null }, { transaction });
  ctx.emit({ name: 'agent.left', clientId: chat.client_id, chatId: chat.id, agent: user! });
  if (!input.quiet) await appendSystemMessage(ctx, chat, `${user!.pseudo_name} left the chat`);
  return { chat, left: true };
}
