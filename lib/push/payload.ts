import type { NotificationData } from '../protocol/dto.js';

/** What the service worker shows for a notification: a title, a line of text, the chat to open. */
interface PushPayload {
  id: number;
  type: string;
  title: string;
  body: string;
  chatId: number | null;
}

const TEXTS: Record<string, (d: NotificationData) => { title: string; body: string }> = {
  chat_waiting: (d) => ({ title: 'New chat waiting', body: `${d.visitorName ?? 'A visitor'} on ${d.clientName ?? 'your website'}` }),
  offline_message: (d) => ({ title: 'New offline message', body: `${d.visitorName ?? 'A visitor'} on ${d.clientName ?? 'your website'}` }),
  chat_transfer: (d) => ({ title: 'Chat transferred to you', body: `${d.from ? `From ${d.from}` : 'A chat is yours now'}${d.reason ? `: ${d.reason}` : ''}` }),
};

export function pushPayload(n: { id: number; type: string; data: NotificationData }): PushPayload {
  const text = TEXTS[n.type]?.(n.data) ?? { title: 'livechat', body: n.type.replace(/_/g, ' ') };
  return { id: n.id, type: n.type, ...text, chatId: typeof n.data.chatId === 'number' ? n.data.chatId : null };
}
