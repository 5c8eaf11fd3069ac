import { markRead } from '../../domain/chats/markRead.js';
import { frame } from '../frame.js';
import { senderOf } from './identity.js';
import { refuseBlocked } from '../../domain/blocks/refuseBlocked.js';

/**
 * The ack `{ok, id, seq}` is sent only after the commit (the message sender commits, in a batch
 * with others under load); a resend gets the same ack. Counted against the sender's message limit
 * by the dispatcher before the policy is asked.
 */
export const sendMessageFrame = frame({
  type: 'message.send',
  permission: 'chat.write',
  unitOfWork: 'none',
  run: async ({ env, caller }, f) => {
    const sender = senderOf(caller);
    // A visitor blocked since the socket opened is refused here, by id or by the address it calls from.
    const id = caller.identity;
    if (id?.kind === 'visitor') await refuseBlocked(env.deps.db.models, { clientId: id.clientId, visitorId: id.visitorId, ip: caller.ip });
    const result = await env.deps.messages.send({ sender, input: { chatId: f.chatId, clientMsgId: f.clientMsgId, body: f.body, internal: f.internal } });
    return { id: result.message.id, seq: result.message.seq, chatId: f.chatId, clientMsgId: f.clientMsgId, duplicate: result.duplicate };
  },
  present: (ack) => ack,
});

export const readFrame = frame({
  type: 'read',
  permission: 'chat.write',
  run: ({ domain, caller }, f) => markRead(domain, senderOf(caller), f),
  present: (result) => ({ seq: result.seq }),
});
