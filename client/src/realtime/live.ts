import type { RealtimeClient } from '../../../lib/realtime-client/index.js';
import type { EventName, EventOf, LivechatEvent } from '../../../lib/protocol/events.js';
import { channels } from '../../../lib/protocol/events.js';
import { get } from '../api/http';
import type { ClientInfo } from '../api/types';
import { useChats } from '../stores/chats';
import { useNotifications } from '../stores/notifications';
import { useSession } from '../stores/session';
import { useLiveVisitors } from '../stores/visitors';
import { useAgents } from '../stores/agents';
import { playTone } from '../notify/sounds';
import { showDesktop } from '../notify/desktop';
import { createConnection } from './connection';

type Handlers = { [N in EventName]?: (event: EventOf<N>) => void };

/**
 * The workspace's live link: one realtime client, subscribed to every website the user works on,
 * with each event mapped to store actions (a name -> handler table). Returns the client, for sends.
 */
export function startLive(openChat: (chatId: number) => void): { client: RealtimeClient; clients: Promise<ClientInfo[]>; stop(): void } {
  const chats = useChats();
  const notifications = useNotifications();
  const session = useSession();
  const visitors = useLiveVisitors();
  const agents = useAgents();
  const client = createConnection();
  const me = () => session.profile?.id ?? 0;
  const isMine = (chatId: number) => chats.cards.get(chatId)?.participants.some((p) => p.id === me()) ?? false;
  const watching = (chatId: number) => chats.activeId === chatId && !document.hidden;

  const handlers: Handlers = {
    'chat.created': (e) => {
      chats.cards.set(e.chat.id, {
        chat: e.chat,
        clientName: e.clientName,
        visitor: { id: e.visitor.id, name: e.visitor.name, email: e.visitor.email, currentPage: e.visitor.currentPage, online: true },
        participants: [],
        lastMessage: null,
        unread: 0,
        flash: true,
      });
      setTimeout(() => {
        const card = chats.cards.get(e.chat.id);
        if (card) card.flash = false;
      }, 4000);
    },
    'message.created': (e) => {
      const m = e.message;
      chats.addMessage(m);
      const card = chats.cards.get(e.chatId);
      if (!card) return;
      card.chat = { ...card.chat, lastSeq: Math.max(card.chat.lastSeq, m.seq), lastMessageAt: m.createdAt };
      if (m.type !== 'system') card.lastMessage = m;
      chats.typing.delete(e.chatId);
      const fromMe = m.senderType === 'agent' && m.senderId === me();
      if (fromMe) return;
      if (watching(e.chatId)) {
        if (isMine(e.chatId)) void client.request({ type: 'read', chatId: e.chatId, seq: m.seq });
        return;
      }
      if (m.type === 'system') return;
      if (card.chat.status === 'waiting' || isMine(e.chatId)) card.unread += 1;
      if (m.senderType === 'visitor' && isMine(e.chatId)) {
        if (session.newMessageSound) playTone('message');
        showDesktop(`${card.visitor.name ?? 'Visitor'} (${card.clientName})`, m.body ?? 'sent a file', `chat-${e.chatId}`, () => openChat(e.chatId));
      }
    },
    'agent.joined': (e) => {
      const card = chats.cards.get(e.chatId);
      if (!card) return;
      if (!card.participants.some((p) => p.id === e.agent.id)) card.participants = [...card.participants, e.agent];
      if (card.chat.status !== 'closed') card.chat = { ...card.chat, status: 'active' };
    },
    'agent.left': (e) => {
      const card = chats.cards.get(e.chatId);
      if (card) card.participants = card.participants.filter((p) => p.id !== e.agent.id);
    },
    'chat.transferred': (e) => {
      const card = chats.cards.get(e.chatId);
      if (!card) return void chats.refreshContext(e.chatId);
      const others = e.mode === 'leave' && e.from ? card.participants.filter((p) => p.id !== e.from!.id) : card.participants;
      card.participants = others.some((p) => p.id === e.to.id) ? others : [...others, e.to];
      card.chat = { ...card.chat, status: 'active' };
    },
    'chat.closed': (e) => {
      const card = chats.cards.get(e.chatId);
      if (!card) return;
      const closedCard = { ...card, chat: { ...card.chat, status: 'closed' as const, endedBy: e.endedBy, endedAt: new Date().toISOString() } };
      chats.cards.delete(e.chatId);
      chats.closed.items.unshift(closedCard);
      chats.typing.delete(e.chatId);
    },
    typing: (e) => {
      if (e.from !== 'visitor') return;
      if (e.isTyping) chats.typing.set(e.chatId, { isTyping: true, draft: e.draft, agentName: null });
      else chats.typing.delete(e.chatId);
    },
    read: (e) => {
      // Read in another tab or device of mine: nothing is unread here either.
      if (e.reader === 'agent' && e.agentId === me()) {
        const card = chats.cards.get(e.chatId);
        if (card && card.chat.lastSeq <= e.seq) card.unread = 0;
      }
      if (e.reader !== 'visitor') return;
      for (const m of chats.messages.get(e.chatId) ?? []) if (m.senderType === 'agent' && m.seq <= e.seq) m.isRead = true;
    },
    'file.shared': (e) => {
      if (chats.contexts.has(e.chatId)) void chats.refreshContext(e.chatId);
    },
    'visitor.page': (e) => {
      for (const card of chats.cards.values()) if (card.visitor.id === e.visitorId) card.visitor = { ...card.visitor, currentPage: e.url };
      for (const [chatId, ctx] of chats.contexts) {
        if (chats.cards.get(chatId)?.visitor.id !== e.visitorId || !ctx.visit) continue;
        ctx.visit.currentPage = e.url;
        ctx.pages.unshift({ url: e.url, title: e.title, at: new Date().toISOString() });
      }
      visitors.page(e.visitorId, e.url);
    },
    'visitor.presence': (e) => {
      for (const card of chats.cards.values()) if (card.visitor.id === e.visitorId) card.visitor = { ...card.visitor, online: e.online };
      visitors.presence(e.visitorId, e.online);
    },
    'agent.status': (e) => agents.setStatus(e.agentId, e.status),
    notification: (e) => {
      const n = e.notification;
      notifications.received(n);
      const d = n.data as { chatId?: number; visitorName?: string; clientName?: string; from?: string };
      if (n.type === 'chat_waiting') {
        if (session.newChatSound) playTone('ring');
        showDesktop('New chat waiting', `${d.visitorName ?? 'A visitor'} on ${d.clientName ?? 'your website'}`, `n-${n.id}`, () => d.chatId && openChat(d.chatId));
      } else if (n.type === 'chat_transfer') {
        if (session.newMessageSound) playTone('message');
        showDesktop('Chat transferred to you', d.from ? `From ${d.from}` : '', `n-${n.id}`, () => d.chatId && openChat(d.chatId));
        if (d.chatId && !chats.cards.has(d.chatId)) void chats.refreshContext(d.chatId);
      }
    },
  };

  const off = client.onEvent((event: LivechatEvent) => {
    // A card an event changes is newer than any list or context answer already on its way.
    if (event.name === 'chat.created' || event.name === 'chat.invited') chats.touch(event.chat.id);
    else if ('chatId' in event) chats.touch(event.chatId);
    else if (event.name === 'visitor.page' || event.name === 'visitor.presence') for (const card of chats.cards.values()) if (card.visitor.id === event.visitorId) chats.touch(card.chat.id);
    (handlers[event.name] as ((e: LivechatEvent) => void) | undefined)?.(event);
  });
  client.connect();
  const clients = get<{ clients: ClientInfo[] }>('/api/clients').then(async ({ clients: list }) => {
    await Promise.all(list.map((c) => client.subscribe(channels.visitors(c.id))));
    return list;
  });
  return {
    client,
    clients,
    stop() {
      off();
      client.close();
    },
  };
}
