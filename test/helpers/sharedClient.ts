import WebSocket from 'ws';
import { RealtimeClient, type WebSocketCtor } from '../../lib/realtime-client/index.js';
import { visitorSession } from './visitors.js';
import { waitFor as waitUntil } from './wait.js';

/** A WebSocket constructor for Node that sends the headers a browser would (cookie, Origin). */
export function wsWithHeaders(headers: Record<string, string>): WebSocketCtor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { headers });
    }
  };
}

/** A WebSocket that never gets through (a network that blocks WebSockets). */
export const BlockedWebSocket: WebSocketCtor = class {
  readyState = 3;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(_url: string) {
    setTimeout(() => this.onclose?.({ code: 1006 }), 5);
  }
  send() {}
  close() {}
};

export async function visitorClient(baseUrl: string, widgetKey: string, opts: { origin?: string; visitorKey?: string; blockWebSocket?: boolean } = {}) {
  const origin = opts.origin ?? 'https://example.test';
  const session = await visitorSession(baseUrl, widgetKey, origin, opts.visitorKey);
  const client = new RealtimeClient({
    url: `${baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(session.token)}`,
    WebSocket: opts.blockWebSocket ? BlockedWebSocket : wsWithHeaders({ origin }),
    poll: { baseUrl, token: session.token, fetch: (url, init = {}) => fetch(url, { ...init, headers: { ...init.headers, origin } }) },
    minDelayMs: 20,
    maxDelayMs: 200,
  });
  return { client, session };
}

export function agentClient(baseUrl: string, cookie: string) {
  return new RealtimeClient({ url: `${baseUrl.replace('http', 'ws')}/ws`, WebSocket: wsWithHeaders({ cookie, origin: baseUrl }), minDelayMs: 20, maxDelayMs: 200 });
}

/** test/helpers/wait.ts's waitFor, in the argument order these tests were written with. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  await waitUntil(what, check, timeoutMs);
}
