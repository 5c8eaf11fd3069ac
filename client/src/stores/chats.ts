import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { get } from '../api/http';
import type { ChatCardDTO, ChatContext, MessageDTO } from '../api/types';
import type { MessageAnalysisDTO } from '../../../lib/protocol/dto.js';
import type { MessagePageDTO } from '../../../lib/protocol/http.js';
import type { EventOf, LivechatEvent } from '../../../lib/protocol/events.js';
import { useSession } from './session';

export type QuickFilter = 'all' | 'mine' | 'unassigned' | 'waiting';
const PAGE_OF_MESSAGES = 100;

/** A message the agent sent that the server has not stored yet: queued while offline, or on its way. */
export interface Outgoing {
  clientMsgId: string;
  chatId: number;
  body: string;
  internal: boolean;
  status: 'pending' | 'failed';
  error: string | null;
}

export interface Composing {
  kind: 'reply' | 'edit';
  message: MessageDTO;
}

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
/** Urgent first, then high, then the rest (by age): the server's inbox order. */
const pressing = (c: ChatCardDTO) => (c.chat.priority === 'urgent' ? 0 : c.chat.priority === 'high' ? 1 : 2);

export const useChats = defineStore('chats', () => {
  const cards = reactive(new Map<number, ChatCardDTO & { flash?: boolean }>());
  const messages = reactive(new Map<number, MessageDTO[]>());
  const contexts = reactive(new Map<number, ChatContext>());
  const typing = reactive(new Map<number, Typing>());
  /** The AI readings of visitor messages, by message id; and per chat the latest one (for its card). */
  const analyses = reactive(new Map<number, MessageAnalysisDTO>());
  const latestAnalysis = reactive(new Map<number, MessageAnalysisDTO & { seq: number }>());
  const outgoing = reactive(new Map<number, Outgoing[]>());
  const composing = reactive(new Map<number, Composing>());
  const openIds = ref<number[]>([]);
  const activeId = ref<number | null>(null);
  const clientFilter = ref<number[]>([]);
  const agentFilter = ref<number | null>(null);
  const quick = ref<QuickFilter>('all');
  const session = useSession();
  const myId = computed(() => session.profile?.id ?? null);

  const closed = reactive({ items: [] as ChatCardDTO[], page: 1, more: false, q: '', loading: false });

  const passes = (c: ChatCardDTO) =>
    (clientFilter.value.length === 0 || clientFilter.value.includes(c.chat.clientId)) &&
    (agentFilter.value === null || c.participants.some((p) => p.id === agentFilter.value)) &&
    (quick.value !== 'mine' || c.participants.some((p) => p.id === myId.value)) &&
    (quick.value !== 'unassigned' || c.participants.length === 0) &&
    (quick.value !== 'waiting' || c.chat.status === 'waiting');

  const all = computed(() => [...cards.values()]);
  const waiting = computed(() =>
    all.value
      .filter((c) => (c.chat.status === 'waiting' || c.chat.status === 'offline') && passes(c))
      .sort((a, b) => pressing(a) - pressing(b) || (a.chat.startedAt ?? '').localeCompare(b.chat.startedAt ?? '')),
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

  async function loadInbox() {
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
      const res = await get<MessagePageDTO>(`/api/chats/${chatId}/messages?beforeSeq=${Number.MAX_SAFE_INTEGER}&limit=${PAGE_OF_MESSAGES}`);
      if (!messages.has(chatId)) messages.set(chatId, []);
      for (const m of res.messages) addMessage(m);
      keepAnalyses(chatId, res);
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
    const res = await get<MessagePageDTO>(`/api/chats/${chatId}/messages?beforeSeq=${first}&limit=${PAGE_OF_MESSAGES}`);
    for (const m of res.messages) addMessage(m);
    keepAnalyses(chatId, res);
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

  /** Adds a message in seq order, once; it replaces the pending bubble of the same clientMsgId. */
  function addMessage(m: MessageDTO) {
    if (m.clientMsgId) dropOutgoing(m.chatId, m.clientMsgId);
    const list = messages.get(m.chatId);
    if (!list) return false;
    if (list.some((x) => x.seq === m.seq)) return false;
    const at = list.findIndex((x) => x.seq > m.seq);
    if (at === -1) list.push(m);
    else list.splice(at, 0, m);
    return true;
  }

  /** The agent sent a message (again, for a retry): a pending bubble until the stored message arrives. */
  function queued(o: Pick<Outgoing, 'clientMsgId' | 'chatId' | 'body' | 'internal'>) {
    const list = outgoing.get(o.chatId) ?? [];
    const entry: Outgoing = { ...o, status: 'pending', error: null };
    const at = list.findIndex((x) => x.clientMsgId === o.clientMsgId);
    outgoing.set(o.chatId, at === -1 ? [...list, entry] : list.map((x, i) => (i === at ? entry : x)));
  }
  /** The server refused it (chat closed, access ended, a limit): the bubble says why and offers a retry. */
  function sendFailed(chatId: number, clientMsgId: string, error: string) {
    const o = outgoing.get(chatId)?.find((x) => x.clientMsgId === clientMsgId);
    if (o) Object.assign(o, { status: 'failed', error });
  }
  function dropOutgoing(chatId: number, clientMsgId: string) {
    const list = outgoing.get(chatId);
    if (list?.some((x) => x.clientMsgId === clientMsgId)) outgoing.set(chatId, list.filter((x) => x.clientMsgId !== clientMsgId));
  }

  function lastSeq(chatId: number) {
    return messages.get(chatId)?.at(-1)?.seq ?? 0;
  }

  function markReadLocally(chatId: number) {
    const card = cards.get(chatId);
    if (card) card.unread = 0;
  }

  /** Back to the list (on a phone the list and a chat do not fit side by side). */
  function showList() {
    activeId.value = null;
  }

  function setQuick(filter: QuickFilter) {
    quick.value = filter;
  }
  function setClientFilter(clientIds: number[]) {
    clientFilter.value = clientIds;
  }
  function setAgentFilter(agentId: number | null) {
    agentFilter.value = agentId;
  }
  /** The closed chats' search words; the list component reloads the closed tab after a pause. */
  function searchClosed(q: string) {
    closed.q = q;
  }

  const isMine = (chatId: number) => cards.get(chatId)?.participants.some((p) => p.id === myId.value) ?? false;

  // ---- realtime events (realtime/live.ts dispatches them here by name) ----

  /** Marks the chats an event changes, before it is applied: they are newer than any answer on its way. */
  function eventArrived(event: LivechatEvent) {
    if (event.name === 'chat.created' || event.name === 'chat.invited') touch(event.chat.id);
    else if ('chatId' in event) touch(event.chatId);
    else if (event.name === 'visitor.page' || event.name === 'visitor.presence') for (const card of cards.values()) if (card.visitor.id === event.visitorId) touch(card.chat.id);
  }

  /** A new waiting chat: its card flashes until unflash(). */
  function chatCreated(e: EventOf<'chat.created'>) {
    cards.set(e.chat.id, {
      chat: e.chat,
      clientName: e.clientName,
      visitor: { id: e.visitor.id, name: e.visitor.name, email: e.visitor.email, currentPage: e.visitor.currentPage, online: true },
      participants: [],
      lastMessage: null,
      unread: 0,
      flash: true,
    });
  }
  function unflash(chatId: number) {
    const card = cards.get(chatId);
    if (card) card.flash = false;
  }

  /**
   * A new message: into the chat's history (when opened) and onto its card. Unless the agent has
   * seen it (their own, or the chat is in front of them), it counts as unread on a waiting chat or
   * one of theirs. Returns the card, or null for a chat that has none here.
   */
  function messageCreated(m: MessageDTO, { seen }: { seen: boolean }) {
    addMessage(m);
    const card = cards.get(m.chatId);
    if (!card) return null;
    card.chat = { ...card.chat, lastSeq: Math.max(card.chat.lastSeq, m.seq), lastMessageAt: m.createdAt };
    if (m.type !== 'system') card.lastMessage = m;
    typing.delete(m.chatId);
    if (!seen && m.type !== 'system' && (card.chat.status === 'waiting' || isMine(m.chatId))) card.unread += 1;
    return card;
  }

  function agentJoined(e: EventOf<'agent.joined'>) {
    const card = cards.get(e.chatId);
    if (!card) return;
    if (!card.participants.some((p) => p.id === e.agent.id)) card.participants = [...card.participants, e.agent];
    if (card.chat.status !== 'closed') card.chat = { ...card.chat, status: 'active' };
  }

  function agentLeft(e: EventOf<'agent.left'>) {
    const card = cards.get(e.chatId);
    if (card) card.participants = card.participants.filter((p) => p.id !== e.agent.id);
  }

  /** A transfer; a chat transferred to me that has no card here yet is fetched. */
  function chatTransferred(e: EventOf<'chat.transferred'>) {
    const card = cards.get(e.chatId);
    if (!card) return void refreshContext(e.chatId);
    const others = e.mode === 'leave' && e.from ? card.participants.filter((p) => p.id !== e.from!.id) : card.participants;
    card.participants = others.some((p) => p.id === e.to.id) ? others : [...others, e.to];
    card.chat = { ...card.chat, status: 'active' };
  }

  /** A priority changed (the card stays, re-sorted), or a closed chat was reopened (its card goes back to the open lists). */
  function chatUpdated(e: EventOf<'chat.updated'>) {
    touch(e.chatId);
    const card = cards.get(e.chatId);
    if (card) return void (card.chat = e.chat);
    const at = closed.items.findIndex((c) => c.chat.id === e.chatId);
    if (e.chat.status === 'closed') return;
    if (at < 0) return void refreshContext(e.chatId);
    const [was] = closed.items.splice(at, 1);
    cards.set(e.chatId, { ...was, chat: e.chat });
  }

  /** The card moves from the open lists to the top of the closed ones. */
  function chatClosed(e: EventOf<'chat.closed'>, at = new Date().toISOString()) {
    const card = cards.get(e.chatId);
    if (!card) return;
    cards.delete(e.chatId);
    closed.items.unshift({ ...card, chat: { ...card.chat, status: 'closed', endedBy: e.endedBy, endedAt: at } });
    typing.delete(e.chatId);
  }

  function keepAnalyses(chatId: number, page: MessagePageDTO) {
    const seqOf = new Map(page.messages.map((m) => [m.id, m.seq]));
    for (const a of page.analyses ?? []) {
      analyses.set(a.messageId, a);
      const seq = seqOf.get(a.messageId) ?? 0;
      if (seq >= (latestAnalysis.get(chatId)?.seq ?? 0)) latestAnalysis.set(chatId, { ...a, seq });
    }
  }

  /** A visitor message was read by the AI layer: chips under it, and on the chat's card. */
  function messageAnalyzed(e: EventOf<'message.analyzed'>) {
    analyses.set(e.analysis.messageId, e.analysis);
    if (e.seq >= (latestAnalysis.get(e.chatId)?.seq ?? 0)) latestAnalysis.set(e.chatId, { ...e.analysis, seq: e.seq });
  }

  /** The visitor's typing (and draft); agents' typing is not shown to other agents. */
  function typingChanged(e: EventOf<'typing'>) {
    if (e.from !== 'visitor') return;
    if (e.isTyping) typing.set(e.chatId, { isTyping: true, draft: e.draft, agentName: null });
    else typing.delete(e.chatId);
  }

  /** Read up to a seq: by me in another tab (nothing unread here either), or by the visitor (agent messages get their ticks). */
  function readUpTo(e: EventOf<'read'>) {
    if (e.reader === 'agent' && e.agentId === myId.value) {
      const card = cards.get(e.chatId);
      if (card && card.chat.lastSeq <= e.seq) card.unread = 0;
    }
    if (e.reader !== 'visitor') return;
    for (const m of messages.get(e.chatId) ?? []) if (m.senderType === 'agent' && m.seq <= e.seq) m.isRead = true;
  }

  /** A message was edited, deleted or reacted to: it takes its new state where it is shown. */
  function messageUpdated(e: EventOf<'message.updated'>) {
    const m = messages.get(e.chatId)?.find((x) => x.id === e.message.id);
    if (m) Object.assign(m, e.message);
    const card = cards.get(e.chatId);
    if (card?.lastMessage?.id === e.message.id) card.lastMessage = e.message;
  }

  /** The visitor's device got the agents' messages up to a seq (✓✓ grey; read makes them blue). */
  function deliveredUpTo(e: EventOf<'delivered'>) {
    if (e.reader !== 'visitor') return;
    for (const m of messages.get(e.chatId) ?? []) if (m.senderType === 'agent' && m.seq <= e.seq) m.delivered = true;
  }

  /** What the message box of a chat does with its next send: answer a message, or replace the agent's own text. */
  function compose(chatId: number, context: Composing | null) {
    if (context) composing.set(chatId, context);
    else composing.delete(chatId);
  }

  /** A file shared in a chat whose side panel is loaded: the panel's file list is fetched again. */
  function fileShared(chatId: number) {
    if (contexts.has(chatId)) void refreshContext(chatId);
  }

  /** A visitor moved to another page: their cards and the side panels of their chats follow. */
  function visitorPage(e: EventOf<'visitor.page'>, at = new Date().toISOString()) {
    for (const card of cards.values()) if (card.visitor.id === e.visitorId) card.visitor = { ...card.visitor, currentPage: e.url };
    for (const [chatId, ctx] of contexts) {
      if (cards.get(chatId)?.visitor.id !== e.visitorId || !ctx.visit) continue;
      ctx.visit.currentPage = e.url;
      ctx.pages.unshift({ url: e.url, title: e.title, at });
    }
  }

  function visitorPresence(e: EventOf<'visitor.presence'>) {
    for (const card of cards.values()) if (card.visitor.id === e.visitorId) card.visitor = { ...card.visitor, online: e.online };
  }

  return {
    cards, messages, contexts, typing, analyses, latestAnalysis, outgoing, composing, compose, messageUpdated, deliveredUpTo, openIds, activeId, clientFilter, agentFilter, quick, myId, closed,
    waiting, active, waitingCount, unreadMine, activeCard,
    loadInbox, loadClosed, ensureLoaded, loadEarlier, refreshContext, open, closeTab, showList, addMessage, queued, sendFailed, lastSeq, markReadLocally, isMine,
    setQuick, setClientFilter, setAgentFilter, searchClosed,
    eventArrived, chatCreated, unflash, messageCreated, agentJoined, agentLeft, chatTransferred, chatClosed,
    chatUpdated, typingChanged, messageAnalyzed, readUpTo, fileShared, visitorPage, visitorPresence,
  };
});
