import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { get } from '../api/http';
import type { ChatCardDTO, ChatContext, MessageDTO } from '../api/types';

export type QuickFilter = 'all' | 'mine' | 'unassigned' | 'waiting';
const PAGE_OF_MESSAGES = 100;

interface Typing {
  isTyping: boolean;
  draft: string | null;
  agentName: string | null;
}

/**
 * The workspace's chats: the open ones as cards (waiting, active), the messages of every chat
 * opened so far (kept, so switching between open chats never refetches), each chat's side-panel
 * context, typing and drafts, and the list filters.
 */
export const useChats = defineStore('chats', () => {
  const cards = reactive(new Map<number, ChatCardDTO & { flash?: boolean }>());
  const messages = reactive(new Map<number, MessageDTO[]>());
  const contexts = reactive(new Map<number, ChatContext>());
  const typing = reactive(new Map<number, Typing>());
  const openIds = ref<number[]>([]);
  const activeId = ref<number | null>(null);
  const clientFilter = ref<number[]>([]);
  const agentFilter = ref<number | null>(null);
  const quick = ref<QuickFilter>('all');
  const myId = ref<number | null>(null);

  const closed = reactive({ items: [] as ChatCardDTO[], page: 1, more: false, q: '', loading: false });

  const passes = (c: ChatCardDTO) =>
    (clientFilter.value.length === 0 || clientFilter.value.includes(c.chat.clientId)) &&
    (agentFilter.value === null || c.participants.some((p) => p.id === agentFilter.value)) &&
    (quick.value !== 'mine' || c.participants.some((p) => p.id === myId.value)) &&
    (quick.value !== 'unassigned' || c.participants.length === 0) &&
    (quick.value !== 'waiting' || c.chat.status === 'waiting');

  const all = computed(() => [...cards.values()]);
  const waiting = computed(() =>
    all.value.filter((c) => (c.chat.status === 'waiting' || c.chat.status === 'offline') && passes(c)).sort((a, b) => (a.chat.startedAt ?? '').localeCompare(b.chat.startedAt ?? '')),
  );
  const active = computed(() =>
    all.value
      .filter((c) => c.chat.status === 'active' && passes(c) && quick.value !== 'waiting')
      .sort((a, b) => (b.chat.lastMessageAt ?? '').localeCompare(a.chat.lastMessageAt ?? '')),
  );
  const waitingCount = computed(() => all.value.filter((c) => c.chat.status === 'waiting').length);
  const unreadMine = computed(() => all.value.filter((c) => c.participants.some((p) => p.id === myId.value)).reduce((n, c) => n + c.unread, 0));
  const activeCard = computed(() => (activeId.value ? cards.get(activeId.value) ?? closed.items.find((c) => c.chat.id === activeId.value) ?? null : null));

  /**
   * Per chat, how many events have changed its card. A list or context answer was read on the
   * server before the events that arrived while it travelled, so where the count moved meanwhile
   * the card the events keep is the newer one (a join right after opening a chat, say).
   */
  const changes = new Map<number, number>();
  const touch = (chatId: number) => changes.set(chatId, (changes.get(chatId) ?? 0) + 1);
  const changedSince = (chatId: number, seen: number) => (changes.get(chatId) ?? 0) !== seen;

  async function loadInbox(userId: number) {
    myId.value = userId;
    const before = new Set(cards.keys());
    const seen = new Map(changes);
    const res = await get<{ chats: ChatCardDTO[] }>('/api/inbox');
    const fresh = new Map(res.chats.map((card) => [card.chat.id, card]));
    // Cards no event touched while the request was out are replaced by the answer, or dropped
    // when it no longer lists them; the others (a chat started, joined or closed meanwhile) stay
    // as the events left them.
    for (const id of before) if (!fresh.has(id) && !changedSince(id, seen.get(id) ?? 0)) cards.delete(id);
    for (const [id, card] of fresh) if (!changedSince(id, seen.get(id) ?? 0)) cards.set(id, card);
  }

  async function loadClosed(reset = false) {
    if (reset) Object.assign(closed, { items: [], page: 1, more: false });
    closed.loading = true;
    try {
      const res = await get<{ chats: ChatCardDTO[]; more: boolean }>(`/api/inbox?view=closed&page=${closed.page}${closed.q ? `&q=${encodeURIComponent(closed.q)}` : ''}`);
      closed.items.push(...res.chats);
      closed.more = res.more;
      closed.page += 1;
    } finally {
      closed.loading = false;
    }
  }

  /** Fetches a chat's history and side panel once (one request in flight per chat); later opens are instant. */
  const loading = new Map<number, Promise<void>>();
  function ensureLoaded(chatId: number) {
    if (!loading.has(chatId)) loading.set(chatId, load(chatId).catch((err) => (loading.delete(chatId), Promise.reject(err))));
    return loading.get(chatId)!;
  }
  async function load(chatId: number) {
    if (!messages.has(chatId)) {
      // The latest page first; earlier ones on demand (loadEarlier), newer ones arrive live.
      const res = await get<{ messages: MessageDTO[] }>(`/api/chats/${chatId}/messages?beforeSeq=${Number.MAX_SAFE_INTEGER}&limit=${PAGE_OF_MESSAGES}`);
      if (!messages.has(chatId)) messages.set(chatId, []);
      for (const m of res.messages) addMessage(m);
    }
    if (!contexts.has(chatId)) await refreshContext(chatId);
  }

  async function refreshContext(chatId: number) {
    const seen = changes.get(chatId) ?? 0;
    const res = await get<ChatContext & { card: ChatCardDTO }>(`/api/chats/${chatId}/context`);
    contexts.set(chatId, res);
    if (!res.card) return;
    // Events that changed the card meanwhile (a join, a close) are newer than this answer: keep
    // what they made. A chat with no card yet takes the answer's.
    if (changedSince(chatId, seen) && (cards.has(chatId) || closed.items.some((c) => c.chat.id === chatId))) return;
    if (cards.has(chatId) || res.card.chat.status !== 'closed') cards.set(chatId, { ...cards.get(chatId), ...res.card });
    else {
      // A closed chat opened from search, a notification or the visitor's history.
      const at = closed.items.findIndex((c) => c.chat.id === chatId);
      if (at === -1) closed.items.push(res.card);
      else closed.items[at] = res.card;
    }
  }

  /** The page of messages before the earliest one shown; false when the chat's start is reached. */
  async function loadEarlier(chatId: number) {
    const first = messages.get(chatId)?.[0]?.seq ?? 1;
    if (first <= 1) return false;
    const res = await get<{ messages: MessageDTO[] }>(`/api/chats/${chatId}/messages?beforeSeq=${first}&limit=${PAGE_OF_MESSAGES}`);
    for (const m of res.messages) addMessage(m);
    return (messages.get(chatId)?.[0]?.seq ?? 1) > 1;
  }

  function open(chatId: number) {
    if (!openIds.value.includes(chatId)) openIds.value = [...openIds.value, chatId].slice(-8);
    activeId.value = chatId;
  }

  function closeTab(chatId: number) {
    openIds.value = openIds.value.filter((id) => id !== chatId);
    if (activeId.value === chatId) activeId.value = openIds.value.at(-1) ?? null;
  }

  /** Adds a message in seq order, once. */
  function addMessage(m: MessageDTO) {
    const list = messages.get(m.chatId);
    if (!list) return false;
    if (list.some((x) => x.seq === m.seq)) return false;
    const at = list.findIndex((x) => x.seq > m.seq);
    if (at === -1) list.push(m);
    else list.splice(at, 0, m);
    return true;
  }

  function lastSeq(chatId: number) {
    return messages.get(chatId)?.at(-1)?.seq ?? 0;
  }

  function markReadLocally(chatId: number) {
    const card = cards.get(chatId);
    if (card) card.unread = 0;
  }

  return {
    cards, messages, contexts, typing, openIds, activeId, clientFilter, agentFilter, quick, myId, closed,
    waiting, active, waitingCount, unreadMine, activeCard,
    loadInbox, loadClosed, ensureLoaded, loadEarlier, refreshContext, open, closeTab, addMessage, lastSeq, markReadLocally, touch,
  };
});
