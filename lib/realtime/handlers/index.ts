import type { FrameHandlers } from '../types.js';
import { subscribe, unsubscribe } from './subscriptions.js';
import { sync } from './sync.js';
import { sendMessageHandler, readHandler } from './messages.js';
import { typingHandler } from './typing.js';
import { startChatHandler, joinChatHandler, leaveChatHandler, transferChatHandler, closeChatHandler } from './chats.js';
import { statusHandler, pageViewHandler } from './presence.js';

/** Frame type -> handler: the one dispatch table (no chain of ifs). */
export const handlers: FrameHandlers = {
  subscribe,
  unsubscribe,
  sync,
  'message.send': sendMessageHandler,
  typing: typingHandler,
  read: readHandler,
  'chat.start': startChatHandler,
  'chat.join': joinChatHandler,
  'chat.leave': leaveChatHandler,
  'chat.transfer': transferChatHandler,
  'chat.close': closeChatHandler,
  'status.set': statusHandler,
  'page.view': pageViewHandler,
};
