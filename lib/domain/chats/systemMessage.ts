import type { DomainContext } from '../types.js';
import { storeMessage } from './sendMessages.js';

/** A line from the system in the chat's history ("Ann joined the chat"), stored by the message pipeline. */
export async function appendSystemMessage(ctx: DomainContext, chat: { id: number }, body: string) {
  return storeMessage(ctx, { sender: { type: 'system' }, chatId: chat.id, clientMsgId: null, body });
}
