import type { DomainContext } from '../types.js';
import type { ChatRow } from '../../db/models/chat.js';
import { notFound } from '../../errors.js';
import { assignChat } from './assignChat.js';

/**
 * A super admin (or a manager given the right) gives a waiting chat to an agent of its website,
 * out of the queue or from an agent who has not joined it yet. The agent's cap holds here too.
 * An agent of another website is "not found".
 */
export async function assignByHand(ctx: DomainContext, chat: Pick<ChatRow, 'id' | 'client_id' | 'assigned_agent_id'>, agentId: number) {
  const works = await ctx.models.ClientAgent.count({ where: { client_id: chat.client_id, user_id: agentId }, transaction: ctx.transaction });
  if (!works) throw notFound('agent');
  await assignChat(ctx, { chatId: chat.id, agentId, reason: 'manual', fromAgentId: chat.assigned_agent_id });
  return (await ctx.models.Chat.findByPk(chat.id, { transaction: ctx.transaction }))!;
}
