import type { DomainContext } from '../../domain/types.js';
import { appendSystemMessage } from '../../domain/chats/systemMessage.js';

export const MISSED_CHAT_NOTICE = "No agent was free to answer. Your message was passed on to the team, and we'll respond via email.";

/**
 * A waiting chat nobody answered becomes an offline message (a "missed" chat): the visitor is told
 * in the chat, agents answer it later like any offline message. Only a chat still waiting changes
 * (an agent who joined meanwhile wins). Shaped as a domain operation (context with transaction in);
 * it lives with its only caller, the session-cleanup job.
 */
export async function markChatMissed(ctx: DomainContext, input: { chatId: number }): Promise<boolean> {
  const { models, transaction } = ctx;
  const chat = await models.Chat.findByPk(input.chatId, { transaction, lock: transaction ? transaction.LOCK.UPDATE : undefined });
  if (!chat || chat.status !== 'waiting') return false;
  await chat.update({ status: 'offline' }, { transaction });
  await appendSystemMessage(ctx, chat, MISSED_CHAT_NOTICE);
  return true;
}
