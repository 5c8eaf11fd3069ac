import type { ClientFrameType } from '../../protocol/frames.js';
import type { FrameEntry } from '../frame.js';
import { subscribeFrame, unsubscribeFrame } from './subscriptions.js';
import { syncFrame } from './sync.js';
import { sendMessageFrame, readFrame, editMessageFrame, deleteMessageFrame, reactFrame, messageHistoryFrame, deliveredFrame } from './messages.js';
import { typingFrame } from './typing.js';
import { startChatFrame, joinChatFrame, leaveChatFrame, transferChatFrame, closeChatFrame, chatPriorityFrame, reopenChatFrame } from './chats.js';
import { statusFrame, pageViewFrame } from './presence.js';

/** Every frame a client may send, declared: the one dispatch table (the type requires one entry per frame type). */
export const frameEntries: { [T in ClientFrameType]: FrameEntry<T> } = {
  subscribe: subscribeFrame,
  unsubscribe: unsubscribeFrame,
  sync: syncFrame,
  'message.send': sendMessageFrame,
  typing: typingFrame,
  read: readFrame,
  'message.edit': editMessageFrame,
  'message.delete': deleteMessageFrame,
  'message.react': reactFrame,
  'message.history': messageHistoryFrame,
  delivered: deliveredFrame,
  'chat.start': startChatFrame,
  'chat.join': joinChatFrame,
  'chat.leave': leaveChatFrame,
  'chat.transfer': transferChatFrame,
  'chat.close': closeChatFrame,
  'chat.priority': chatPriorityFrame,
  'chat.reopen': reopenChatFrame,
  'status.set': statusFrame,
  'page.view': pageViewFrame,
};
