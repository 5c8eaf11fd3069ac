import './styles.css';
import { RealtimeClient, newId, type WebSocketCtor } from '../../lib/realtime-client/index.js';
import type { ChatDTO } from '../../lib/protocol/dto.js';
import type { EventOf, LivechatEvent } from '../../lib/protocol/events.js';
import type { WidgetSessionDTO } from '../../lib/protocol/widget.js';
import { hostBridge } from './bridge.js';
import { widgetApi, ApiError } from './api.js';
import { h, formatBytes } from './dom.js';
import { t } from './texts.js';
import { beep, pendingItem, preference } from './conversation.js';
import { widgetState, type Change } from './state.js';
import { screen } from './screen.js';
import type { LeadSubmission } from './views/leadForm.js';
import type { Item } from './views/bubble.js';

/**
 * The chat app in livechat's iframe. It gets its session (visitor token, settings, chats) from the
 * loader over the bridge, talks to livechat through the shared realtime client (backoff, resume,
 * offline queue, long polling), and tells the loader about unread messages and toasts. The state
 * and its changes are state.ts's, the DOM is screen.ts's; this file connects them to the socket,
 * the HTTP calls and the host page.
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
    WebSocket: WebSocket as unknown as WebSocketCtor,
    poll: { baseUrl: location.origin, token: session.token, fetch: fetch.bind(window) },
  });

  const store = widgetState(
    {
      online: session.agentsOnline,
      soundOn: settings.sound && preference('livechat.sound') !== 'off',
      panel: session.leadFormFilled ? 'composer' : 'lead',
      agents: session.agents,
    },
    (change) => onChange(change),
  );
  const { state } = store;
  const view = screen(session, identity, store, {
    minimize: () => toHost({ type: 'minimize' }),
    endChat,
    sound: (on) => (store.setSound(on), preference('livechat.sound', on ? 'on' : 'off')),
    submitLead,
    send,
    attach,
    typing: (isTyping) => state.chat && client.notify({ type: 'typing', chatId: state.chat.id, isTyping }),
    rate: (chatId, rating, comment) => api.rate(chatId, rating, comment).then(() => null, (err: Error) => err.message),
    download,
    retry: (item) => sendText(item.body ?? '', item.key),
    atBottom: () => markRead(),
  });
  addEventListener('keydown', (ev) => ev.key === 'Escape' && toHost({ type: 'minimize' }));

  function onChange(change: Change) {
    if (change.type !== 'news') return view.apply(change);
    // A new agent message while the history is in: a toast while the frame is closed, a beep unless watched.
    const m = change.message;
    if (!state.visible) toHost({ type: 'toast', from: m.senderName ?? t.agent, text: m.body ?? m.file?.name ?? '' });
    if (state.soundOn && (!state.visible || document.hidden)) beep();
    markRead();
  }

  function follow(next: ChatDTO) {
    store.follow(next);
    return client.follow(next.id, client.lastSeq(next.id));
  }

  // What an event asks of the socket, beyond the state (which store.event changes).
  const effects: { [N in LivechatEvent['name']]?: (e: EventOf<N>) => void } = {
    // An agent started a chat from the live visitors page: follow it; its greeting comes next as
    // an agent message (a toast while the widget is closed).
    'chat.invited': (e) => void (state.chat?.id !== e.chat.id && follow(e.chat)),
  };
  client.onEvent((e) => {
    store.event(e);
    (effects[e.name] as ((e: LivechatEvent) => void) | undefined)?.(e);
  });
  client.onState(view.setConnection);
  client.connect();
  const history = session.openChat ?? session.lastChat;
  void (history ? follow(history) : Promise.resolve()).then(() => {
    store.goLive();
    markRead();
  });

  /** Agent messages count as read once the chat is open and scrolled to them; the loader's badge follows. */
  function markRead() {
    const read = store.takeUnread(view.canSeeNewest());
    if (read) void client.request({ type: 'read', ...read });
    toHost({ type: 'unread', count: state.unread.size });
  }

  // ---- starting a chat and sending ----
  async function startChat(lead?: LeadSubmission['lead'], message?: string, clientMsgId?: string): Promise<string | null> {
    const reply = await client.request({ type: 'chat.start', ...(lead ? { lead } : {}), ...(message ? { message, clientMsgId } : {}) });
    if (!reply.ok) return reply.error.message;
    const chat = reply.chat as ChatDTO;
    await follow(chat);
    if (chat.status === 'offline') store.upsert({ ...pendingItem(`offline-${chat.id}`, chat.id, settings.offlineThanks), senderType: 'system', type: 'system', status: null, seq: 999_998 });
    return null;
  }

  async function submitLead(s: LeadSubmission) {
    const clientMsgId = newId();
    if (s.message) store.pending(clientMsgId, null, s.message);
    const refused = await startChat(s.lead, s.message || undefined, clientMsgId);
    if (refused) {
      if (s.message) store.update(clientMsgId, { status: 'failed' });
      return refused;
    }
    store.setPanel('composer');
    return null;
  }

  function send(text: string) {
    if (state.chat && state.chat.status !== 'closed') return sendText(text);
    const clientMsgId = newId();
    store.pending(clientMsgId, null, text);
    void startChat(undefined, text, clientMsgId).then((refused) => refused && store.update(clientMsgId, { status: 'failed', error: refused }));
  }

  function sendText(text: string, clientMsgId = newId()) {
    const chatId = state.chat!.id;
    store.pending(clientMsgId, chatId, text);
    void client.sendMessage(chatId, text, { clientMsgId }).then((reply) => {
      if (reply.ok) store.acked(clientMsgId, reply as { id?: number; seq?: number });
      else store.update(clientMsgId, { status: 'failed', error: reply.error.message });
    });
  }

  async function attach(file: File) {
    const clientMsgId = newId();
    const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
    const problem = !settings.fileTypes.includes(ext)
      ? t.badType(settings.fileTypes.map((e) => e.toUpperCase()).join(', '))
      : file.size > settings.maxFileBytes
        ? t.tooLarge(formatBytes(file.size), formatBytes(settings.maxFileBytes))
        : null;
    store.pending(clientMsgId, state.chat?.id ?? null, null, file);
    if (problem) return store.failed(clientMsgId, problem);
    if (!state.chat || state.chat.status === 'closed') {
      const refused = await startChat();
      if (refused) return store.failed(clientMsgId, refused);
    }
    const chatId = state.chat!.id;
    try {
      store.stored(await api.upload(chatId, file, clientMsgId, (progress) => store.update(clientMsgId, { progress })));
    } catch (err) {
      store.failed(clientMsgId, (err as Error).message, { chatId });
    }
  }

  async function download(item: Item) {
    try {
      const link = await api.downloadLink(item.id!);
      h('a', { href: link.url, download: item.file?.name ?? '' }).click();
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) store.update(item.key, { file: { ...item.file!, expired: true } });
      else store.update(item.key, { error: (err as Error).message });
    }
  }

  async function endChat() {
    if (!state.chat) return;
    const reply = await client.request({ type: 'chat.close', chatId: state.chat.id });
    if (reply.ok) store.closedByVisitor();
  }

  return {
    setVisible(open: boolean, mobile: boolean) {
      store.setVisible(open);
      view.setMobile(mobile);
      if (open) view.shown();
      markRead();
    },
    identify: (who: { name?: string; email?: string }) => view.prefill(who),
  };
}
