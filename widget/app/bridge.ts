import { BRIDGE_NS, type AppToHost, type BridgeBody, type HostToApp } from '../../lib/protocol/widget.js';

type Handlers = { [T in HostToApp['type']]: (msg: Extract<HostToApp, { type: T }>) => void };

/**
 * The app's side of the page <-> iframe bridge. The host page's origin comes in the frame's URL
 * (and the server lets only the website's domains frame us); messages go to that origin only and
 * are taken only from the parent window at that origin, in our namespace.
 */
export function hostBridge(handlers: Handlers) {
  const host = new URLSearchParams(location.search).get('host') ?? '';
  const hostOrigin = /^https?:\/\/[^/]+$/.test(host) ? host : null;
  addEventListener('message', (ev: MessageEvent) => {
    const msg = ev.data as HostToApp;
    if (!hostOrigin || ev.source !== parent || ev.origin !== hostOrigin || msg?.ns !== BRIDGE_NS) return;
    (handlers[msg.type] as ((m: HostToApp) => void) | undefined)?.(msg);
  });
  const send = (msg: BridgeBody<AppToHost>) => hostOrigin && parent.postMessage({ ns: BRIDGE_NS, ...msg }, hostOrigin);
  send({ type: 'ready' });
  return send;
}
