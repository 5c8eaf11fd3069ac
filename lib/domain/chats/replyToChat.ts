import crypto from 'node:crypto';
import type { DomainContext } from '../types.js';
import { joinChat } from './joinChat.js';
import { storeMessage } from './sendMessages.js';

/**
 * An agent's reply from outside the dashboard (the API): they join the chat first if they have
 * not (as the dashboard's "join and reply" does), then the message is stored by the same
 * pipeline as a socket's. The same clientMsgId sent again stores it once.
 */
export async function replyToChat(ctx: DomainContext, userId: number, input: { chatId: number; body: string; clientMsgId?: string }) {
  await joinChat(ctx, { chatId: input.chatId, userId });
  return storeMessage(ctx, { sender: { type: 'agent', userId }, chatId: input.chatId, clientMsgId: input.clientMsgId ?? `api-${crypto.randomUUID()}`, body: input.body });
}
