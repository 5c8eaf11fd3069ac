import type { AgentRef, ChatDTO, MessageDTO } from '../../lib/protocol/dto.js';
import type { EventOf, LivechatEvent } from '../../lib/protocol/events.js';
import { itemOf, keyOf, pendingItem } from './conversation.js';
import type { Item } from './views/bubble.js';

/** What the bottom of the frame shows: the lead form, the message box, or the rating after a chat ended. */
export type Panel = 'lead' | 'composer' | 'rating';

export interface WidgetState {
  /** The chat the visitor is in (or last was); null before the first one. */
  chat: ChatDTO | null;
  online: boolean;
  /** The frame is open on the host page. */
  visible: boolean;
  /** The history is in: from now on a new agent message is news (toast, beep). */
  live: boolean;
  soundOn: boolean;
  panel: Panel;
  /** The agent typing now, by name; null when nobody is. */
  typing: string | null;
  /** The conversation by item key (a visitor message keeps the key it was sent with). */
  items: Map<string, Item>;
  agents: Map<number, AgentRef>;
  /** Seqs of agent messages in the current chat the visitor has not seen yet. */
  unread: Set<number>;
  /** Where the visitor's chat stands in the queue (every agent who could take it is busy); null when not queued. */
  queue: { position: number; estimatedWaitSeconds: number | null } | null;
}

/** What changed, for the screen (and, for `news`, the host page) to follow. */
export type Change =
  | { type: 'item'; item: Item; follow: boolean }
  | { type: 'online' }
  | { type: 'typing' }
  | { type: 'panel' }
  | { type: 'chat' }
  | { type: 'queue' }
  | { type: 'news'; message: MessageDTO };

type EventHandlers = { [N in LivechatEvent['name']]?: (e: EventOf<N>) => void };

/**
 * The widget's state and every change to it: no DOM, no socket, no timers. main.ts feeds it the
 * realtime events and the visitor's actions; the screen redraws what each change names.
 */
export function widgetState(init: Pick<WidgetState, 'online' | 'soundOn' | 'panel'> & { agents: AgentRef[] }, onChange: (change: Change) => void) {
  const s: WidgetState = { chat: null, visible: false, live: false, typing: null, online: init.online, soundOn: init.soundOn, panel: init.panel, items: new Map(), agents: new Map(init.agents.map((a) => [a.id, a])), unread: new Set(), queue: null };

  const emit = (type: 'online' | 'typing' | 'panel' | 'chat') => onChange({ type });
  // Emits even when the value stays: a repeated "typing" restarts the screen's timer.
  function set<K extends 'online' | 'typing' | 'panel'>(key: K, value: WidgetState[K]) {
    s[key] = value;
    emit(key);
  }

  /** Adds or replaces one line; `follow` scrolls to it (the visitor's own). */
  function upsert(item: Item, follow = false) {
    s.items.set(item.key, item);
    onChange({ type: 'item', item, follow });
  }
  /** Changes a line already there; a key the conversation does not hold changes nothing. */
  function update(key: string, patch: Partial<Item>) {
    const item = s.items.get(key);
    if (item) upsert({ ...item, ...patch });
  }

  function setQueue(chatId: number, place: WidgetState['queue']) {
    if (chatId !== s.chat?.id || (place === null && s.queue === null)) return;
    s.queue = place;
    onChange({ type: 'queue' });
  }

  function agentSpeaks(agent: AgentRef) {
    s.agents.set(agent.id, agent);
    set('online', true);
  }

  function agentMessage(m: MessageDTO) {
    set('typing', null);
    if (m.chatId !== s.chat?.id || m.isRead) return;
    s.unread.add(m.seq);
    if (s.live) onChange({ type: 'news', message: m });
  }

  function chatClosed(chatId: number) {
    if (chatId !== s.chat?.id || s.chat.status === 'closed') return;
    s.chat = { ...s.chat, status: 'closed' };
    emit('chat');
    set('panel', 'rating');
  }

  /** Realtime events, by name (following an invited chat needs the socket: main.ts does that part). */
  const events: EventHandlers = {
    'message.created': (e) => {
      const m = e.message;
      if (m.internal) return;
      upsert(itemOf(m, s.items.get(keyOf(m))));
      if (m.senderType === 'agent') agentMessage(m);
      if (m.senderType === 'system' && m.chatId === s.chat?.id && /joined/.test(m.body ?? '')) set('online', true);
    },
    'message.updated': (e) => {
      if (!e.message.internal) upsert(itemOf(e.message, s.items.get(keyOf(e.message))));
    },
    delivered: (e) => {
      if (e.reader !== 'agent') return;
      for (const item of s.items.values()) if (item.chatId === e.chatId && item.status === 'sent' && item.seq !== null && item.seq <= e.seq) upsert({ ...item, status: 'delivered' });
    },
    read: (e) => {
      if (e.reader !== 'agent') return;
      for (const item of s.items.values()) if (item.chatId === e.chatId && (item.status === 'sent' || item.status === 'delivered') && item.seq !== null && item.seq <= e.seq) upsert({ ...item, status: 'read' });
    },
    typing: (e) => {
      if (e.from === 'agent' && e.chatId === s.chat?.id) set('typing', e.isTyping ? e.agent?.pseudoName ?? '' : null);
    },
    'agent.joined': (e) => {
      setQueue(e.chatId, null);
      agentSpeaks(e.agent);
    },
    'queue.position': (e) => setQueue(e.chatId, { position: e.position, estimatedWaitSeconds: e.estimatedWaitSeconds }),
    // Given to an agent: out of the queue (taken back after a timeout: it waits for the next one).
    'chat.assigned': (e) => e.agent && setQueue(e.chatId, null),
    'chat.transferred': (e) => void s.agents.set(e.to.id, e.to),
    'chat.invited': (e) => agentSpeaks(e.agent),
    'chat.closed': (e) => {
      setQueue(e.chatId, null);
      chatClosed(e.chatId);
    },
    // An agent reopened the visitor's closed chat: they can write in it again.
    'chat.updated': (e) => {
      if (e.change !== 'reopened' || e.chatId !== s.chat?.id || s.chat.status !== 'closed') return;
      s.chat = e.chat;
      emit('chat');
      set('panel', 'composer');
    },
  };

  return {
    state: s as Readonly<WidgetState>,
    event(e: LivechatEvent) {
      (events[e.name] as ((e: LivechatEvent) => void) | undefined)?.(e);
    },
    get: (key: string) => s.items.get(key),
    /** A stored message of the conversation by its id (a reply's quote). */
    byId: (id: number) => [...s.items.values()].find((i) => i.id === id),
    upsert,
    update,
    setOnline: (yes: boolean) => set('online', yes),
    setPanel: (panel: Panel) => set('panel', panel),
    typingOver: () => set('typing', null),
    setSound: (on: boolean) => void (s.soundOn = on),
    setVisible: (open: boolean) => void (s.visible = open),
    /** The history is in; agent messages from now on are news. */
    goLive: () => void (s.live = true),
    follow(chat: ChatDTO) {
      s.chat = chat;
      emit('chat');
    },
    /** The visitor ended the chat here (the server's chat.closed may come later, or not at all). */
    closedByVisitor: () => s.chat && chatClosed(s.chat.id),

    /** The visitor's message before the server has it (a clock). */
    pending(clientMsgId: string, chatId: number | null, body: string | null, file?: File) {
      upsert({ ...pendingItem(clientMsgId, chatId, body, file), error: undefined }, true);
    },
    /** The server stored it: a check (or the double check a read event already gave it). */
    acked(clientMsgId: string, stored: { id?: number; seq?: number }) {
      const item = s.items.get(clientMsgId);
      if (item) upsert({ ...item, id: stored.id ?? item.id, seq: stored.seq ?? item.seq, status: item.status === 'read' || item.status === 'delivered' ? item.status : 'sent' });
    },
    failed(clientMsgId: string, error: string, patch: Partial<Item> = {}) {
      update(clientMsgId, { status: 'failed', progress: null, error, ...patch });
    },
    /** A stored message that replaces the visitor's pending one (an upload's answer). */
    stored(m: MessageDTO) {
      upsert(itemOf(m, s.items.get(keyOf(m))));
    },

    /**
     * The unread agent messages, cleared and returned as the seq to report read when the visitor
     * can see them (frame open, scrolled down, page in front); null otherwise.
     */
    takeUnread(canSee: boolean): { chatId: number; seq: number } | null {
      if (!canSee || !s.visible || !s.chat || !s.unread.size) return null;
      const seq = Math.max(...s.unread);
      s.unread.clear();
      return { chatId: s.chat.id, seq };
    },
  };
}

export type WidgetStore = ReturnType<typeof widgetState>;
