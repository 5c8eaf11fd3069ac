import { markRead } from '../../domain/chats/markRead.js';
import { changeMessage, type ChangeMessageInput } from '../../domain/messages/changeMessage.js';
import { markDelivered } from '../../domain/messages/markDelivered.js';
import { messageHistory } from '../../domain/messages/messageHistory.js';
import { checkReplyTarget } from '../../domain/messages/replyTarget.js';
import type { RunContext } from '../../runner/entry.js';
import type { FrameEnv } from '../frame.js';
import type { ReactionEmoji } from '../../protocol/dto.js';
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
    if (f.replyToId !== undefined) await checkReplyTarget(env.deps.db.models, sender, f.chatId, f.replyToId);
    const result = await env.deps.messages.send({ sender, input: { chatId: f.chatId, clientMsgId: f.clientMsgId, body: f.body, internal: f.internal, replyToId: f.replyToId } });
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

/** An edit, a delete or a reaction, each on the settings of the moment (chat.editWindowMinutes, chat.deletedMessageContent). */
function change({ env, domain, caller }: RunContext<FrameEnv, unknown>, input: ChangeMessageInput) {
  const { chat } = env.deps.config;
  return changeMessage(domain, senderOf(caller), input, { now: new Date(env.deps.clock.now()), editWindowMinutes: chat.editWindowMinutes, deletedContent: chat.deletedMessageContent });
}

export const editMessageFrame = frame({
  type: 'message.edit',
  permission: 'chat.write',
  run: (ctx, f) => change(ctx, { kind: 'edit', chatId: f.chatId, messageId: f.messageId, clientChangeId: f.clientChangeId, body: f.body }),
  present: (ack) => ack,
});

export const deleteMessageFrame = frame({
  type: 'message.delete',
  permission: 'chat.write',
  run: (ctx, f) => change(ctx, { kind: 'delete', chatId: f.chatId, messageId: f.messageId, clientChangeId: f.clientChangeId }),
  present: (ack) => ack,
});

export const reactFrame = frame({
  type: 'message.react',
  permission: 'chat.write',
  // The emoji is checked against REACTION_EMOJI by the operation (invalid_input names the set).
  run: (ctx, f) => change(ctx, { kind: 'react', chatId: f.chatId, messageId: f.messageId, clientChangeId: f.clientChangeId, emoji: f.emoji as ReactionEmoji }),
  present: (ack) => ack,
});

export const messageHistoryFrame = frame({
  type: 'message.history',
  permission: 'chat.write',
  run: ({ domain, caller }, f) => messageHistory(domain, senderOf(caller), f),
  present: (result) => result,
});

export const deliveredFrame = frame({
  type: 'delivered',
  permission: 'chat.write',
  run: ({ domain, caller }, f) => markDelivered(domain, senderOf(caller), f),
  present: (result) => ({ seq: result.seq }),
});
