export interface Identity {
  name?: string;
  email?: string;
}
interface Actions {
  open(): void;
  close(): void;
  identify(identity: Identity): void;
}
type Call = [string, ...unknown[]];
type StubFn = ((...call: Call) => void) & { q?: ArrayLike<unknown>[] };

/**
 * `window.Livechat`, the host page's handle on the widget: `Livechat.open()`, `.close()`,
 * `.identify({name, email})`, `.on('unread', fn)`, or the same as `Livechat('open')`. Calls made
 * before the widget is ready (including through the documented stub, `Livechat.q`) are queued and
 * run in order once it is.
 */
export function publicApi() {
  const w = window as unknown as { Livechat?: StubFn };
  let actions: Actions | null = null;
  let queue: Call[] = [...(w.Livechat?.q ?? [])].map((args) => [...(args as unknown[])] as Call);
  const listeners: ((count: number) => void)[] = [];
  const state = { identity: {} as Identity, unreadCount: 0 };

  const run = ([name, arg, fn]: Call) => {
    if (name === 'on') return arg === 'unread' && typeof fn === 'function' && (listeners.push(fn as never), (fn as (n: number) => void)(state.unreadCount));
    if (name === 'identify') Object.assign(state.identity, arg);
    if (!actions) return queue.push([name, arg, fn]);
    if (name === 'open') actions.open();
    if (name === 'close') actions.close();
    if (name === 'identify') actions.identify(state.identity);
  };
  const api = ((...call: Call) => void run(call)) as StubFn & Record<string, unknown>;
  for (const name of ['open', 'close', 'identify', 'on']) api[name] = (...args: unknown[]) => run([name, ...args]);
  w.Livechat = api;

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
