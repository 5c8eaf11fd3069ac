import './styles.css';
import { RealtimeClient, newId } from '../../lib/realtime-client/index.js';
import type { ChatDTO, MessageDTO } from '../../lib/protocol/dto.js';
import type { EventOf, LivechatEvent } from '../../lib/protocol/events.js';
import type { WidgetSessionDTO } from '../../lib/protocol/widget.js';
import { hostBridge } from './bridge.js';
import { widgetApi, ApiError } from './api.js';
import { h, formatBytes } from './dom.js';
import { t } from './texts.js';
import { beep, itemOf, keyOf, pendingItem, preference } from './conversation.js';
import { messageList } from './views/messageList.js';
import { header } from './views/header.js';
import { leadForm, type LeadSubmission } from './views/leadForm.js';
import { composer } from './views/composer.js';
import { ratingForm } from './views/rating.js';
import type { Item } from './views/bubble.js';

/**
 * The chat app in livechat's iframe. It gets its session (visitor token, settings, chats) from the
 * loader over the bridge, talks to livechat through the shared realtime client (backoff, resume,
 * offline queue, long polling), and tells the loader about unread messages and toasts.
 */
let app: ReturnType<typeof start> | null = null;
let visibility = { open: false, mobile: false };
const toHost = hostBridge({
  init: (m) => {
    app ??= start(m.session, m.identity);
    app.setVisible(visibility.open, visibility.mobile);
  },
  visibility: (m) => {
    visibility = { open: m.open, mobile: m.mobile };
    app?.setVisible(m.open, m.mobile);
  },
  identify: (m) => app?.identify(m.identity),
});

function start(session: WidgetSessionDTO, identity: { name?: string; email?: string }) {
  const { settings } = session;
  const api = widgetApi(session.token);
  const client = new RealtimeClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(session.token)}`,
    WebSocket,
    poll: { baseUrl: location.origin, token: session.token, fetch: fetch.bind(window) },
  });
  document.documentElement.style.setProperty('--accent', settings.color);

  let chat: ChatDTO | null = null;
  let online = session.agentsOnline;
  let visible = false;
  let live = false;
  let soundOn = settings.sound && preference('livechat.sound') !== 'off';
  const unread = new Set<number>();
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  const list = messageList({ download, retry: (item) => sendText(item.body ?? '', item.key) }, () => markRead());
  const head = header(settings, { minimize: () => toHost({ type: 'minimize' }), endChat, sound: (on) => ((soundOn = on), preference('livechat.sound', on ? 'on' : 'off')) }, soundOn);
  const banner = h('div', { class: 'banner', role: 'status', hidden: true }, t.reconnecting);
  const typing = h('div', { class: 'typing', 'aria-live': 'polite' });
  const bottom = h('div', { class: 'bottom' });
  document.getElementById('app')!.replaceChildren(h('div', { class: 'chat' }, head.el, head.bar, banner, h('div', { class: 'middle' }, list.pane, list.pill), typing, bottom));
  for (const agent of session.agents) list.setAgent(agent);

  const setOnline = (yes: boolean) => {
    online = yes;
    head.setOnline(yes);
    const name = session.visitor.name ?? identity.name;
    list.setIntro(yes ? (name ? t.hello(name, settings.welcomeText) : settings.welcomeText) : settings.offlineText);
  };
  setOnline(online);

  const lead = leadForm({ serviceTypes: settings.serviceTypes, offline: !online && !session.openChat, prefill: { ...session.visitor, ...identity } }, submitLead);
  const writer = composer(settings.fileTypes, { send, attach, typing: (isTyping) => chat && client.notify({ type: 'typing', chatId: chat.id, isTyping }) });
  const show = (el: HTMLElement) => bottom.replaceChildren(el);
  // A chat going on shows above the form, so agent messages are visible while it is filled in.
  show(session.leadFormFilled ? writer.el : lead.el);
  addEventListener('keydown', (ev) => ev.key === 'Escape' && toHost({ type: 'minimize' }));

  function follow(next: ChatDTO) {
    chat = next;
    head.canEnd(next.status !== 'closed');
    return client.follow(next.id, client.lastSeq(next.id));
  }

  // ---- realtime events, by name ----
  const onEvent: { [N in LivechatEvent['name']]?: (e: EventOf<N>) => void } = {
    'message.created': (e) => {
      if (e.message.internal) return;
      const previous = list.get(keyOf(e.message));
      list.upsert(itemOf(e.message, previous));
      if (e.message.senderType === 'agent') agentMessage(e.message);
      if (e.message.senderType === 'system' && e.chatId === chat?.id && /joined/.test(e.message.body ?? '')) setOnline(true);
    },
    read: (e) => {
      if (e.reader !== 'agent') return;
      for (const item of list.all()) if (item.chatId === e.chatId && item.status === 'sent' && item.seq !== null && item.seq <= e.seq) list.upsert({ ...item, status: 'read' });
    },
    typing: (e) => {
      if (e.from !== 'agent' || e.chatId !== chat?.id) return;
      clearTimeout(typingTimer);
      typing.textContent = e.isTyping ? t.typing(e.agent?.pseudoName ?? t.agent) : '';
      if (e.isTyping) typingTimer = setTimeout(() => (typing.textContent = ''), 8000);
    },
    'agent.joined': (e) => {
      list.setAgent(e.agent);
      setOnline(true);
    },
    'chat.transferred': (e) => list.setAgent(e.to),
    // An agent started a chat from the live visitors page: follow it; its greeting comes next as
    // an agent message (a toast while the widget is closed).
    'chat.invited': (e) => {
      list.setAgent(e.agent);
      setOnline(true);
      if (chat?.id !== e.chat.id) void follow(e.chat);
    },
    'chat.closed': (e) => {
      if (e.chatId !== chat?.id || chat.status === 'closed') return;
      chat = { ...chat, status: 'closed' };
      head.canEnd(false);
      const closedId = chat.id;
      show(ratingForm((rating, comment) => api.rate(closedId, rating, comment).then(() => null, (err: Error) => err.message), () => (show(writer.el), writer.focus())));
    },
  };
  client.onEvent((e) => (onEvent[e.name] as ((e: LivechatEvent) => void) | undefined)?.(e));
  client.onState((state) => (banner.hidden = state !== 'reconnecting'));
  client.connect();
  const history = session.openChat ?? session.lastChat;
  void (history ? follow(history) : Promise.resolve()).then(() => {
    live = true;
    markRead();
  });

  function agentMessage(m: MessageDTO) {
    typing.textContent = '';
    if (m.chatId !== chat?.id || m.isRead) return;
    unread.add(m.seq);
    if (!live) return;
    if (!visible) toHost({ type: 'toast', from: m.senderName ?? t.agent, text: m.body ?? m.file?.name ?? '' });
    if (soundOn && (!visible || document.hidden)) beep();
    markRead();
  }

  /** Agent messages count as read once the chat is open and scrolled to them; the loader's badge follows. */
  function markRead() {
    if (visible && chat && unread.size && list.atBottom() && !document.hidden) {
      const seq = Math.max(...unread);
      unread.clear();
      void client.request({ type: 'read', chatId: chat.id, seq });
    }
    toHost({ type: 'unread', count: unread.size });
  }

  // ---- starting a chat and sending ----
  async function startChat(lead?: LeadSubmission['lead'], message?: string, clientMsgId?: string): Promise<string | null> {
    const reply = await client.request({ type: 'chat.start', ...(lead ? { lead } : {}), ...(message ? { message, clientMsgId } : {}) });
    if (!reply.ok) return reply.error.message;
    await follow(reply.chat as ChatDTO);
    if ((reply.chat as ChatDTO).status === 'offline') list.upsert({ ...pendingItem(`offline-${chat!.id}`, chat!.id, settings.offlineThanks), senderType: 'system', type: 'system', status: null, seq: 999_998 });
    return null;
  }

  async function submitLead(s: LeadSubmission) {
    const clientMsgId = newId();
    if (s.message) list.upsert(pendingItem(clientMsgId, null, s.message), true);
    const refused = await startChat(s.lead, s.message || undefined, clientMsgId);
    if (refused) {
      if (s.message) list.upsert({ ...list.get(clientMsgId)!, status: 'failed' });
      return refused;
    }
    show(writer.el);
    writer.focus();
    return null;
  }

  function send(text: string) {
    if (chat && chat.status !== 'closed') return sendText(text);
    const clientMsgId = newId();
    list.upsert(pendingItem(clientMsgId, null, text), true);
    void startChat(undefined, text, clientMsgId).then((refused) => refused && list.upsert({ ...list.get(clientMsgId)!, status: 'failed', error: refused }));
  }

  function sendText(text: string, clientMsgId = newId()) {
    const chatId = chat!.id;
    list.upsert({ ...pendingItem(clientMsgId, chatId, text), error: undefined }, true);
    void client.sendMessage(chatId, text, { clientMsgId }).then((reply) => {
      const item = list.get(clientMsgId)!;
      if (reply.ok) list.upsert({ ...item, id: (reply as { id?: number }).id ?? item.id, seq: (reply as { seq?: number }).seq ?? item.seq, status: item.status === 'read' ? 'read' : 'sent' });
      else list.upsert({ ...item, status: 'failed', error: reply.error.message });
    });
  }

  async function attach(file: File) {
    const clientMsgId = newId();
    const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
    const item = pendingItem(clientMsgId, chat?.id ?? null, null, file);
    const problem = !settings.fileTypes.includes(ext)
      ? t.badType(settings.fileTypes.map((e) => e.toUpperCase()).join(', '))
      : file.size > settings.maxFileBytes
        ? t.tooLarge(formatBytes(file.size), formatBytes(settings.maxFileBytes))
        : null;
    list.upsert(problem ? { ...item, status: 'failed', progress: null, error: problem } : item, true);
    if (problem) return;
    if (!chat || chat.status === 'closed') {
      const refused = await startChat();
      if (refused) return list.upsert({ ...item, status: 'failed', progress: null, error: refused });
    }
    const chatId = chat!.id;
    try {
      const stored = await api.upload(chatId, file, clientMsgId, (progress) => list.upsert({ ...list.get(clientMsgId)!, progress }));
      list.upsert(itemOf(stored, list.get(clientMsgId)));
    } catch (err) {
      list.upsert({ ...list.get(clientMsgId)!, chatId, status: 'failed', progress: null, error: (err as Error).message });
    }
  }

  async function download(item: Item) {
    try {
      const link = await api.downloadLink(item.id!);
      h('a', { href: link.url, download: item.file?.name ?? '' }).click();
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) list.upsert({ ...item, file: { ...item.file!, expired: true } });
      else list.upsert({ ...item, error: (err as Error).message });
    }
  }

  async function endChat() {
    if (!chat) return;
    const reply = await client.request({ type: 'chat.close', chatId: chat.id });
    if (reply.ok) onEvent['chat.closed']!({ name: 'chat.closed', clientId: chat.clientId, chatId: chat.id, endedBy: 'visitor' });
  }

  return {
    setVisible(open: boolean, mobile: boolean) {
      visible = open;
      document.body.classList.toggle('mobile', mobile);
      if (open) {
        list.toBottom();
        (bottom.firstElementChild === lead.el ? lead : writer).focus();
      }
      markRead();
    },
    identify: (who: { name?: string; email?: string }) => lead.prefill(who),
  };
}
