/** What the host page says of its visitor; signed (userId, timestamp, signature) it is secure identity (docs/widget.md). */
export interface Identity {
  name?: string;
  email?: string;
  [key: string]: unknown;
}
interface Actions {
  open(): void;
  close(): void;
  identify(identity: Identity): void;
}
type Call = [string, ...unknown[]];
type StubFn = ((...call: Call) => void) & { q?: ArrayLike<unknown>[] };
type Listener = (count: number) => void;

declare global {
  interface Window {
    /** The host page's handle (publicApi below); the documented snippet may have put a queueing stub here first. */
    Livechat?: StubFn;
  }
}

/** A host page hands `on('unread', fn)` anything: only a function is kept, and it is called with a count. */
const isListener = (fn: unknown): fn is Listener => typeof fn === 'function';

/**
 * `window.Livechat`, the host page's handle on the widget: `Livechat.open()`, `.close()`,
 * `.identify({name, email})`, `.on('unread', fn)`, or the same as `Livechat('open')`. Calls made
 * before the widget is ready (including through the documented stub, `Livechat.q`) are queued and
 * run in order once it is.
 */
export function publicApi() {
  let actions: Actions | null = null;
  let queue: Call[] = [];
  const listeners: Listener[] = [];
  const state: { identity: Identity; unreadCount: number } = { identity: {}, unreadCount: 0 };

  const run = ([name, arg, fn]: Call) => {
    if (name === 'on') return arg === 'unread' && isListener(fn) && (listeners.push(fn), fn(state.unreadCount));
    if (name === 'identify') Object.assign(state.identity, arg);
    if (!actions) return queue.push([name, arg, fn]);
    if (name === 'open') actions.open();
    if (name === 'close') actions.close();
    if (name === 'identify') actions.identify(state.identity);
  };
  // The stub's calls: identify() ones then go with the session call (a signed one skips the lead form).
  for (const args of window.Livechat?.q ?? []) run(Array.from(args) as Call);
  const method = (name: string) => (...args: unknown[]) => run([name, ...args]);
  window.Livechat = Object.assign((...call: Call) => void run(call), { open: method('open'), close: method('close'), identify: method('identify'), on: method('on') });

  return {
    get identity() {
      return state.identity;
    },
    ready(a: Actions) {
      actions = a;
      const pending = queue;
      queue = [];
      pending.forEach(run);
    },
    unread(count: number) {
      state.unreadCount = count;
      listeners.forEach((fn) => fn(count));
    },
  };
}
