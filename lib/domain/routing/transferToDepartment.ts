import type { DomainContext } from '../types.js';
import { invalid, notFound } from '../../errors.js';
import { appendSystemMessage } from '../chats/systemMessage.js';
import { chatClosed, notParticipant } from '../chats/chatWrite.js';
import { activeParticipation } from '../chats/senders.js';
import { leaveChat } from '../chats/leaveChat.js';

/**
 * Hands a chat to a department of its website: the agent leaves it ("stay" keeps them in it as
 * well), it waits again for that department's agents, and routing gives it to one of them the
 * department's way (or rings them all, in notify-all mode).
 */
export async function transferToDepartment(ctx: DomainContext, fromUserId: number, input: { chatId: number; departmentId: number; mode: 'leave' | 'stay' }) {
  const { models, transaction } = ctx;
  const chat = await models.Chat.findByPk(input.chatId, { transaction });
  if (!chat) throw notFound('chat');
  if (chat.status === 'closed') throw chatClosed();
  if (!(await activeParticipation(models, chat.id, fromUserId, transaction))) throw notParticipant();
  const department = await models.Department.findByPk(input.departmentId, { transaction });
  if (!department || department.client_id !== chat.client_id) throw invalid('The chat can only go to a department of the same website.');
  if (input.mode === 'leave') await leaveChat(ctx, { chatId: chat.id, userId: fromUserId, quiet: true });
  await chat.update({ department_id: department.id, status: input.mode === 'leave' ? 'waiting' : chat.status, assigned_agent_id: null, assigned_at: null, routing_passed: [fromUserId], queued_at: null }, { transaction });
  ctx.emit({ name: 'chat.assigned', clientId: chat.client_id, chatId: chat.id, agent: null, reason: 'department' });
  await appendSystemMessage(ctx, chat, `You've been transferred to ${department.name}`);
  return { chat };
}
