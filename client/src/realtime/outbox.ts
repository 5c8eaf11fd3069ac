import { newId, type RealtimeClient } from '../../../lib/realtime-client/index.js';
import type { useChats } from '../stores/chats';

/**
 * An agent's message, as the widget sends a visitor's: a pending bubble at once, then the realtime
 * client, which queues it while the connection is down and sends it on reconnect with the same
 * clientMsgId (a repeat of one already stored is answered as the original: never twice). Nothing
 * waits on it, so the next Enter always goes. A retry passes the failed message's clientMsgId.
 */
export function sendAgentMessage(client: RealtimeClient, chats: ReturnType<typeof useChats>, m: { chatId: number; body: string; internal: boolean; clientMsgId?: string; replyToId?: number }) {
  const clientMsgId = m.clientMsgId ?? newId();
  chats.queued({ chatId: m.chatId, body: m.body, internal: m.internal, clientMsgId });
  void client.sendMessage(m.chatId, m.body, { internal: m.internal, clientMsgId, replyToId: m.replyToId }).then((reply) => {
    if (!reply.ok) chats.sendFailed(m.chatId, clientMsgId, reply.error.message);
  });
}
