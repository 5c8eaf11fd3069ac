import './styles.css';
import { RealtimeClient } from '../../lib/realtime-client/index.js';
import type { ChatDTO } from '../../lib/protocol/dto.js';
import type { EventOf, LivechatEvent } from '../../lib/protocol/events.js';
import type { WidgetSessionDTO } from '../../lib/protocol/widget.js';
import { hostBridge } from './bridge.js';
import { widgetApi } from './api.js';
import { chooseLanguage, isRtl, t, useLanguage } from './texts.js';
import { beep, preference } from './conversation.js';
import { widgetState, type Change } from './state.js';
import { screen } from './screen.js';
import { visitorActions } from './sending.js';

/**
 * The chat app in livechat's iframe. It gets its session (visitor token, settings, chats) from the
 * loader over the bridge, talks to livechat through the shared realtime client (backoff, resume,
 * offline queue, long polling), and tells the loader about unread messages and toasts. The state
 * and its changes are state.ts's, the DOM is screen.ts's, the visitor's sends are sending.ts's;
 * this file connects them to the socket and the host page.
 */
let app: ReturnType<typeof start> | null = null;
let starting: Promise<void> | null = null;
let visibility = { open: false, mobile: false };
const toHost = hostBridge({
  init: (m) => {
    // The texts come first (another language is its own small chunk), then the app draws in them.
    starting ??= speak(m.session.settings.language).then(() => {
      app ??= start(m.session, m.identity, m.preview === true);
      app.setVisible(visibility.open, visibility.mobile);
    });
  },
  visibility: (m) => {
    visibility = { open: m.open, mobile: m.mobile };
    app?.setVisible(m.open, m.mobile);
  },
  identify: (m) => app?.identify(m.identity),
});

/** The website's language (or the visitor's, with "auto"), right to left where it is written so. */
async function speak(setting: WidgetSessionDTO['settings']['language']) {
  const browser = navigator.languages?.length ? navigator.languages : [navigator.language || 'en'];
  const lang = chooseLanguage(setting, browser);
  await useLanguage(lang, browser).catch(() => useLanguage('en', browser));
  document.documentElement.lang = lang;
  document.documentElement.dir = isRtl(lang) ? 'rtl' : 'ltr';
}

function start(session: WidgetSessionDTO, identity: { name?: string; email?: string }, preview: boolean) {
  const { settings } = session;
  const api = widgetApi(session.token);
  const client = new RealtimeClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(session.token)}`,
    WebSocket,
    poll: { baseUrl: location.origin, token: session.token, fetch: fetch.bind(window) },
  });

  const store = widgetState(
    {
      // Outside business hours nobody answers live: the offline form, whoever is signed in.
      online: session.agentsOnline && session.hours.open,
      soundOn: settings.sound && preference('livechat.sound') !== 'off',
      panel: session.leadFormFilled ? 'composer' : 'lead',
      agents: session.agents,
    },
    (change) => onChange(change),
  );
  const { state } = store;
  const follow = (next: ChatDTO) => {
    store.follow(next);
    return client.follow(next.id, client.lastSeq(next.id));
  };
  const view = screen(session, identity, store, {
    ...visitorActions({ store, client, api, settings, follow }),
    minimize: () => toHost({ type: 'minimize' }),
    sound: (on) => (store.setSound(on), preference('livechat.sound', on ? 'on' : 'off')),
    typing: (isTyping) => state.chat && client.notify({ type: 'typing', chatId: state.chat.id, isTyping }),
    rate: (chatId, rating, comment) => api.rate(chatId, rating, comment).then(() => null, (err: Error) => err.message),
    atBottom: () => markRead(),
    me: `visitor:${session.visitorId}`,
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

  // What an event asks of the socket, beyond the state (which store.event changes).
  const effects: { [N in LivechatEvent['name']]?: (e: EventOf<N>) => void } = {
    // An agent started a chat from the live visitors page: follow it; its greeting comes next as
    // an agent message (a toast while the widget is closed).
    'chat.invited': (e) => void (state.chat?.id !== e.chat.id && follow(e.chat)),
  };
  client.onEvent((e) => {
    store.event(e);
    if (e.name === 'message.created' && e.message.senderType === 'agent' && !e.message.delivered && !e.message.isRead) delivered(e.chatId, e.message.seq);
    (effects[e.name] as ((e: LivechatEvent) => void) | undefined)?.(e);
  });
  client.onState(view.setConnection);
  // The dashboard's preview draws the app and stays off the network.
  if (!preview) client.connect();
  const history = session.openChat ?? session.lastChat;
  void (history ? follow(history) : Promise.resolve()).then(() => {
    store.goLive();
    markRead();
  });

  /**
   * An agent's message reached this device: its sender sees "delivered" before "read". One frame
   * per burst (a history replayed by sync is many messages), as frames count against the
   * visitor's request limit.
   */
  const undelivered = new Map<number, number>();
  let deliverTimer: ReturnType<typeof setTimeout> | undefined;
  function delivered(chatId: number, seq: number) {
    undelivered.set(chatId, Math.max(seq, undelivered.get(chatId) ?? 0));
    clearTimeout(deliverTimer);
    deliverTimer = setTimeout(() => {
      for (const [id, upTo] of undelivered) void client.request({ type: 'delivered', chatId: id, seq: upTo });
      undelivered.clear();
    }, 250);
  }

  /** Agent messages count as read once the chat is open and scrolled to them; the loader's badge follows. */
  function markRead() {
    const read = store.takeUnread(view.canSeeNewest());
    if (read) void client.request({ type: 'read', ...read });
    toHost({ type: 'unread', count: state.unread.size });
  }

  return {
    setVisible(open: boolean, mobile: boolean) {
      store.setVisible(open);
      view.setMobile(mobile);
      // The dashboard's preview does not take the keyboard from the settings form beside it.
      if (open && !preview) view.shown();
      markRead();
    },
    identify: (who: { name?: string; email?: string }) => view.prefill(who),
  };
}
