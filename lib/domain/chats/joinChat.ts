import type { DomainContext } from '../types.js';
import { notFound } from '../../errors.js';
import { appendSystemMessage } from './systemMessage.js';
import { chatClosed } from './chatWrite.js';
import { activeParticipation } from './senders.js';

/**
 * An agent joins a chat: a waiting chat becomes active; several agents may take part (group chat).
 * The visitor sees "‹pseudo name› joined the chat". Joining twice changes nothing. The caller has
 * checked that the agent works on the chat's website.
 */
export async function joinChat(ctx: DomainContext, input: { chatId: number; userId: number }) {
  const { models, transaction } = ctx;
  const chat = await models.Chat.findByPk(input.chatId, { transaction });
  if (!chat) throw notFound('chat');
  if (chat.status === 'closed') throw chatClosed();
  const user = await models.User.findByPk(input.userId, { transaction });
  if (!user) throw notFound('agent');
  if (await activeParticipation(models, chat.id, user.id, transaction)) return { chat, joined: false };
  await models.ChatParticipant.create({ chat_id: chat.id, user_id: user.id, joined_at: new Date(), last_read_seq: 0 }, { transaction });
  // Whoever takes a waiting chat has it (it counts against their cap), even one routing gave someone else.
  const takes = chat.status !== 'active' || chat.assigned_agent_id === null;
  if (chat.status === 'waiting' || chat.status === 'offline' || takes) {
    await chat.update({ status: 'active', ...(takes ? { assigned_agent_id: user.id, assigned_at: new Date(), queued_at: null } : {}) }, { transaction });
  }
  ctx.emit({ name: 'agent.joined', clientId: chat.client_id, chatId: chat.id, agent: user });
  await appendSystemMessage(ctx, chat, `${user.pseudo_name} joined the chat`);
  return { chat, joined: true };
}
