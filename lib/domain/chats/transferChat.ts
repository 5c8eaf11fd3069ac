import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { invalid, notFound } from '../../errors.js';
import { appendSystemMessage } from './systemMessage.js';
import { chatClosed, notParticipant } from './chatWrite.js';
import { activeParticipation } from './senders.js';
import { leaveChat } from './leaveChat.js';
import { notifyUser } from './notifyUser.js';
import { multilineText } from '../schemas.js';

const transferChatInput = z.object({
  chatId: z.number().int().positive(),
  toAgentId: z.number().int().positive(),
  reason: multilineText.pipe(z.string().trim().max(500)).optional(),
  mode: z.enum(['leave', 'stay']),
});

/**
 * Hands a chat to another agent of the same website, with an optional reason: "leave" takes the
 * first agent out, "stay" keeps both. Logged in chat_transfers, the target is notified, the
 * visitor sees "You've been transferred to ‹pseudo name›".
 */
export async function transferChat(ctx: DomainContext, fromUserId: number, raw: z.input<typeof transferChatInput>) {
  const input = parseInput(transferChatInput, raw);
  const { models, transaction } = ctx;
  const chat = await models.Chat.findByPk(input.chatId, { transaction });
  if (!chat) throw notFound('chat');
  if (chat.status === 'closed') throw chatClosed();
  if (!(await activeParticipation(models, chat.id, fromUserId, transaction))) throw notParticipant();
  if (input.toAgentId === fromUserId) throw invalid('Choose another agent: the chat is already yours.');
  const target = await models.User.findByPk(input.toAgentId, { transaction });
  const assigned = target && (await models.ClientAgent.count({ where: { client_id: chat.client_id, user_id: target.id }, transaction })) > 0;
  if (!target || !target.is_active || (!assigned && target.role !== 'super_admin')) {
    throw invalid('The chat can only go to an active agent of the same website.');
  }
  const from = await models.User.findByPk(fromUserId, { transaction });
  await models.ChatTransfer.create(
    { chat_id: chat.id, from_agent_id: fromUserId, to_agent_id: target.id, mode: input.mode, reason: input.reason ?? null, transferred_at: new Date() },
    { transaction },
  );
  if (!(await activeParticipation(models, chat.id, target.id, transaction))) {
    await models.ChatParticipant.create({ chat_id: chat.id, user_id: target.id, joined_at: new Date(), last_read_seq: 0 }, { transaction });
  }
  if (input.mode === 'leave') await leaveChat(ctx, { chatId: chat.id, userId: fromUserId, quiet: true });
  await chat.update({ status: 'active', assigned_agent_id: target.id, assigned_at: new Date(), queued_at: null }, { transaction });
  ctx.emit({ name: 'chat.transferred', clientId: chat.client_id, chatId: chat.id, from, to: target, reason: input.reason ?? null, mode: input.mode });
  await appendSystemMessage(ctx, chat, `You've been transferred to ${target.pseudo_name}`);
  await notifyUser(ctx, target.id, 'chat_transfer', { chatId: chat.id, clientId: chat.client_id, from: from?.pseudo_name ?? null, reason: input.reason ?? null });
  return { chat, to: target };
}
