/**
 * The widget loader: the one script the snippet puts on every page of a website. It keeps the
 * visitor's key, reports page views, draws the launcher (badge, toast) in a shadow root the host's
 * CSS cannot reach, and loads the chat app's iframe only on first open or when a chat is going on.
 * Every byte here is downloaded on every page view: it stays small (budget: 3 KB gzipped).
 */
import type { AppToHost, BridgeBody, HostToApp, WidgetSessionDTO } from '../../lib/protocol/widget.js';
import { BRIDGE_NS } from '../../lib/protocol/widget.js';
import { openStore } from './storage.js';
import { trackPages } from './pages.js';
import { drawLauncher } from './launcher.js';
import { publicApi } from './api.js';

const script = document.currentScript as HTMLScriptElement | null;
const widgetKey = script?.getAttribute('data-livechat-key');
if (script && widgetKey) void start(script, widgetKey);

async function start(tag: HTMLScriptElement, widgetKey: string) {
  const base = new URL(tag.src).origin;
  const store = openStore();
  const api = publicApi();
  let session: WidgetSessionDTO;
  try {
    const res = await fetch(`${base}/api/widget/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ widgetKey, visitorKey: store.visitorKey, sessionKey: store.sessionKey, page: { url: location.href, title: document.title, referrer: document.referrer }, identity: api.identity }),
    });
    if (!res.ok) throw new Error(`${res.status} ${(await res.json()).error?.message}`);
    session = await res.json();
  } catch (err) {
    console.warn('livechat: the widget could not start:', err);
    return;
  }
  store.save(session.visitorKey, session.sessionKey);
  if (session.identity.status == 'refused') console.warn('livechat: identify', session.identity);
  // Proactive greetings: the server named the seconds on this page at which to ask (usually none);
  // a new page view replaces them. The show is counted as accepted when the visitor then opens the chat.
  let timers: ReturnType<typeof setTimeout>[] = [];
  let shown = 0;
  const due = (pageVisitId: number, waits: number[]) => {
    timers.forEach(clearTimeout);
    timers = waits.map((seconds) =>
      setTimeout(
        () =>
          send('/api/widget/triggers/check', { pageVisitId, seconds, identity: api.identity }).then(
            (fire = {}) => fire.text && (fire.open ? setOpen(true) : ((shown = fire.showId), toast(fire))),
          ),
        seconds * 1000,
      ),
    );
  };
  // Closed, and the website hides the widget outside hours (unless a chat is going on): pages are
  // still tracked, and no greeting is asked for.
  const h = session.hours;
  const hidden = !h.open && h.outside === 'hide' && !session.openChat;
  const send = trackPages(base, session.token, session.pageVisitId, hidden ? () => {} : due);
  if (hidden) return;

  const ui = drawLauncher(session.settings, () => setOpen(!isOpen));
  let frame: HTMLIFrameElement | null = null;
  let isOpen = false;
  const narrow = matchMedia('(max-width: 480px)');
  // A phone: a narrow layout, or a small screen on a page without a mobile viewport.
  const mobile = { get matches() { return narrow.matches || screen.width <= 480; } };
  // Only once the app said it is ready: before that the frame still holds about:blank (the host's
  // origin), and a message addressed to livechat's origin would put a warning in the host's console.
  let appReady = false;
  const post = (msg: BridgeBody<HostToApp>) => appReady && frame?.contentWindow?.postMessage({ ns: BRIDGE_NS, ...msg }, base);

  const toast = (m: { from: string; text: string }) => !isOpen && ui.toast(m.from, m.text);

  function loadApp() {
    if (frame) return;
    frame = ui.frame(`${base}/widget/app/?key=${encodeURIComponent(widgetKey)}&host=${encodeURIComponent(location.origin)}`);
  }
  function setOpen(open: boolean) {
    isOpen = open;
    if (open && shown) send('/api/widget/triggers/accept', { showId: shown }), (shown = 0);
    if (open) loadApp();
    ui.show(open, mobile.matches);
    post({ type: 'visibility', open, mobile: mobile.matches });
  }

  addEventListener('message', (ev: MessageEvent) => {
    const msg = ev.data as AppToHost;
    // Only the chat app's own frame, from livechat's origin, and only our namespace.
    if (!frame || ev.source !== frame.contentWindow || ev.origin !== base || msg?.ns !== BRIDGE_NS) return;
    const handlers: { [T in AppToHost['type']]: (m: Extract<AppToHost, { type: T }>) => void } = {
      ready: () => {
        appReady = true;
        post({ type: 'init', session, hostUrl: location.href, identity: api.identity });
        post({ type: 'visibility', open: isOpen, mobile: mobile.matches });
      },
      minimize: () => setOpen(false),
      unread: (m) => {
        ui.badge(m.count);
        api.unread(m.count);
      },
      toast,
    };
    (handlers[msg.type] as (m: AppToHost) => void)?.(msg);
  });
  narrow.addEventListener?.('change', () => isOpen && setOpen(true));

  api.ready({ open: () => setOpen(true), close: () => setOpen(false), identify: (identity) => post({ type: 'identify', identity }) });
  due(session.pageVisitId!, session.triggerWaits);
  if (session.openChat) loadApp();
}
