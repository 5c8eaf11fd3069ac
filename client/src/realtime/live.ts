import type { RealtimeClient } from '../../../lib/realtime-client/index.js';
import type { EventName, EventOf, LivechatEvent } from '../../../lib/protocol/events.js';
import { channels } from '../../../lib/protocol/events.js';
import { closeCodes, type ServerFrame } from '../../../lib/protocol/frames.js';
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
type FrameHandlers = { [T in ServerFrame['type']]?: (frame: Extract<ServerFrame, { type: T }>) => void };

/** How long a new chat's card flashes in the list. */
const FLASH_MS = 4000;

/**
 * The workspace's live link: one realtime client, subscribed to every website the user works on,
 * with each event and frame mapped to store actions (name -> handler tables). Returns the client, for sends.
 */
export function startLive(openChat: (chatId: number) => void): { client: RealtimeClient; clients: Promise<ClientInfo[]>; stop(): void } {
  const chats = useChats();
  const notifications = useNotifications();
  const session = useSession();
  const visitors = useLiveVisitors();
  const agents = useAgents();
  const client = createConnection();
  const me = () => session.profile?.id ?? 0;
  const watching = (chatId: number) => chats.activeId === chatId && !document.hidden;

  // State changes are store actions; what stays here is what the browser does about an event
  // (a sound, a desktop notification, a read receipt for the chat in front of the agent).
  const handlers: Handlers = {
    'chat.created': (e) => {
      chats.chatCreated(e);
      setTimeout(() => chats.unflash(e.chat.id), FLASH_MS);
    },
    'message.created': (e) => {
      const m = e.message;
      const fromMe = m.senderType === 'agent' && m.senderId === me();
      const seen = fromMe || watching(e.chatId);
      const card = chats.messageCreated(m, { seen });
      if (!card || fromMe) return;
      // The visitor's message reached an agent of the chat: the visitor sees "delivered".
      if (m.senderType === 'visitor' && !m.delivered && chats.isMine(e.chatId)) void client.request({ type: 'delivered', chatId: e.chatId, seq: m.seq });
      if (seen) {
        if (chats.isMine(e.chatId)) void client.request({ type: 'read', chatId: e.chatId, seq: m.seq });
        return;
      }
      if (m.senderType === 'visitor' && chats.isMine(e.chatId)) {
        if (session.newMessageSound) playTone('message');
        showDesktop(`${card.visitor.name ?? 'Visitor'} (${card.clientName})`, m.body ?? 'sent a file', `chat-${e.chatId}`, () => openChat(e.chatId));
      }
    },
    'agent.joined': (e) => chats.agentJoined(e),
    'agent.left': (e) => chats.agentLeft(e),
    'chat.transferred': (e) => chats.chatTransferred(e),
    'chat.closed': (e) => chats.chatClosed(e),
    'chat.updated': (e) => chats.chatUpdated(e),
    typing: (e) => chats.typingChanged(e),
    'message.analyzed': (e) => chats.messageAnalyzed(e),
    read: (e) => chats.readUpTo(e),
    delivered: (e) => chats.deliveredUpTo(e),
    'message.updated': (e) => chats.messageUpdated(e),
    'file.shared': (e) => chats.fileShared(e.chatId),
    'visitor.page': (e) => {
      chats.visitorPage(e);
      visitors.page(e.visitorId, e.url);
    },
    'visitor.presence': (e) => {
      chats.visitorPresence(e);
      visitors.presence(e.visitorId, e.online);
    },
    'agent.status': (e) => agents.setStatus(e.agentId, e.status),
    notification: (e) => {
      const n = e.notification;
      notifications.received(n);
      // About the chat in front of the agent: nothing to be told.
      if (watching(n.data.chatId)) void notifications.markChatRead(n.data.chatId);
      const d = n.data as { chatId?: number; visitorName?: string; clientName?: string; from?: string };
      if (n.type === 'chat_waiting') {
        if (session.newChatSound) playTone('ring');
        showDesktop('New chat waiting', `${d.visitorName ?? 'A visitor'} on ${d.clientName ?? 'your website'}`, `n-${n.id}`, () => d.chatId && openChat(d.chatId));
      } else if (n.type === 'chat_escalated') {
        // The assistant handed the chat over: it rings like a new chat, with what the visitor asked.
        if (session.newChatSound) playTone('ring');
        showDesktop(`${d.visitorName ?? 'A visitor'} asks for a person`, (n.data as { summary?: string }).summary ?? '', `n-${n.id}`, () => d.chatId && openChat(d.chatId));
      } else if (n.type === 'chat_transfer') {
        if (session.newMessageSound) playTone('message');
        showDesktop('Chat transferred to you', d.from ? `From ${d.from}` : '', `n-${n.id}`, () => d.chatId && openChat(d.chatId));
        if (d.chatId && !chats.cards.has(d.chatId)) void chats.refreshContext(d.chatId);
      }
    },
  };

  const off = client.onEvent((event: LivechatEvent) => {
    chats.eventArrived(event);
    (handlers[event.name] as ((e: LivechatEvent) => void) | undefined)?.(event);
  });

  // The lists are read again when events may have been missed: after an outage (chats that began
  // meanwhile were not replayed) and on a resync frame (events between the server's nodes may
  // have been missed; the client itself syncs each followed chat).
  const reloadLists = () => session.profile && Promise.all([chats.loadInbox(), notifications.load()]);
  // Away from the first drop until open again: a reconnect that succeeds at its first try goes
  // reconnecting -> connecting -> open, and must reload the lists too.
  let away = false;
  client.onState((state) => {
    if (state === 'reconnecting') away = true;
    if (state === 'open' && away) {
      away = false;
      void reloadLists();
    }
    // The server closed the socket because this sign-in ended (signed out elsewhere, password
    // changed, account disabled): asking who we are answers 401, which leads to the sign-in page.
    if (state === 'closed' && client.endedBy === closeCodes.accessRevoked) void session.restore();
  });
  const frames: FrameHandlers = {
    resync: () => void reloadLists(),
    // Rights narrowed (a website taken away, a role changed): the profile and the chat list are
    // read again, so the workspace shows only what this user may still see.
    error: (f) => {
      if (f.error.code === 'access_changed') void session.restore().then(() => session.profile && chats.loadInbox());
    },
  };
  client.onFrame((f) => (frames[f.type] as ((f: ServerFrame) => void) | undefined)?.(f));

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
