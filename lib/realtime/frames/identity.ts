import type { Sender } from '../../domain/chats/senders.js';
import type { Caller } from '../../identity/identity.js';

/** Who writes, in the message domain's words (a socket's caller is always identified). */
export function senderOf(caller: Caller): Sender {
  const id = caller.identity!;
  return id.kind === 'visitor' ? { type: 'visitor', visitorId: id.visitorId } : { type: 'agent', userId: id.userId };
}
