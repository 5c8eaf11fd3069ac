import type { DomainContext } from '../types.js';
import { closeChat } from './closeChat.js';

/** Bulk close from the dashboard's list: each chat as closeChat does it (the policy checked every id first). */
export async function closeChats(ctx: DomainContext, input: { chatIds: number[]; byName: string | null }) {
  const closed: number[] = [];
  for (const chatId of [...new Set(input.chatIds)]) {
    if ((await closeChat(ctx, { chatId, endedBy: 'agent', byName: input.byName })).closed) closed.push(chatId);
  }
  return { closed };
}
