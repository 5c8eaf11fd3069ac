import type { DomainContext } from '../types.js';
import type { ChatPriority } from '../../protocol/dto.js';
import { notFound } from '../../errors.js';

/** An agent marks how pressing a chat is; every agent of the website sees it at once (chat.updated). */
export async function setChatPriority(ctx: DomainContext, input: { chatId: number; priority: ChatPriority }) {
  const chat = await ctx.models.Chat.findByPk(input.chatId, { transaction: ctx.transaction });
  if (!chat) throw notFound('chat');
  if (chat.priority === input.priority) return chat;
  await chat.update({ priority: input.priority }, { transaction: ctx.transaction });
  ctx.emit({ name: 'chat.updated', clientId: chat.client_id, chatId: chat.id, change: 'priority', chat });
  return chat;
}
