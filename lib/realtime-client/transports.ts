/**
 * How frames travel: a WebSocket, or HTTP long polling for networks that block WebSockets.
 * Both look the same to the client: open, send text, get text, get told when it is over.
 * Browser-safe: the WebSocket constructor and fetch are handed in, so Node tests use `ws`.
 */
import { closeCodes } from '../protocol/frames.js';
import type { PollBatchDTO, PollOpenDTO } from '../protocol/widget.js';

export interface Transport {
  send(text: string): void;
  close(): void;
}

export interface TransportEvents {
  onOpen(): void;
  onText(text: string): void;
  /** `code` 1001 means the server is going away (restart): reconnect soon. */
  onClose(code: number): void;
}

/**
 * An event handler property of a socket. The browser's WebSocket and `ws` each pass their own event
 * type, with more fields than the transport reads; declared in method form so TypeScript compares
 * the parameter both ways, and both sockets fit without a cast.
 */
type SocketHandler<E> = { handle(ev: E): unknown }['handle'] | null;

/** What the transport uses of a WebSocket: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number): void;
  onopen: SocketHandler<unknown>;
  onmessage: SocketHandler<{ data: unknown }>;
  onclose: SocketHandler<{ code: number }>;
  onerror: SocketHandler<unknown>;
}
export type WebSocketCtor = new (url: string) => WebSocketLike;

export function openWebSocket(Ctor: WebSocketCtor, url: string, on: TransportEvents): Transport {
  const ws = new Ctor(url);
  let closed = false;
  const end = (code: number) => {
    if (!closed) {
      closed = true;
      on.onClose(code);
    }
  };
  ws.onopen = () => on.onOpen();
  ws.onmessage = (ev) => on.onText(String(ev.data));
  ws.onclose = (ev) => end(ev.code);
  ws.onerror = () => end(1006);
  return {
    send: (text) => ws.readyState === 1 && ws.send(text),
    close: () => {
      end(1000);
      try {
        ws.close(1000);
      } catch {
        /* already closing */
      }
    },
  };
}

/** What long polling needs of `fetch` (the browser's or Node's fits): the JSON bodies are lib/protocol's Poll* shapes. */
export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/**
 * Long polling with the socket's semantics: open with the visitor token, then poll with a
 * cursor (frames up to it are acknowledged, so a lost response is simply fetched again) and
 * post frames in order.
 */
export function openLongPoll(fetchFn: FetchLike, baseUrl: string, token: string, on: TransportEvents): Transport {
  let pollId: string | null = null;
  let cursor = 0;
  let closed = false;
  let outbox: string[] = [];
  let sending = false;
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const json = { 'content-type': 'application/json' };
  const end = (code: number) => {
    if (!closed) {
      closed = true;
      controller?.abort();
      on.onClose(code);
    }
  };
  const flush = async () => {
    if (sending || !pollId || outbox.length === 0 || closed) return;
    sending = true;
    // The server takes at most 50 frames a request; the rest go in the next round, in order.
    const frames = outbox.slice(0, 50);
    outbox = outbox.slice(50);
    try {
      const res = await fetchFn(`${baseUrl}/api/widget/poll/${pollId}/send`, { method: 'POST', headers: json, body: JSON.stringify({ frames }) });
      if (!res.ok) return end(res.status === 404 ? 1001 : 1011);
    } catch {
      return end(1006);
    } finally {
      sending = false;
    }
    void flush();
  };
  const loop = async () => {
    while (!closed) {
      try {
        const res = await fetchFn(`${baseUrl}/api/widget/poll/${pollId}?cursor=${cursor}`, { signal: controller?.signal });
        if (!res.ok) return end(res.status === 404 ? 1001 : 1011);
        const body = (await res.json()) as PollBatchDTO;
        cursor = body.cursor;
        for (const text of body.frames) on.onText(text);
      } catch {
        return end(1006);
      }
    }
  };
  fetchFn(`${baseUrl}/api/widget/poll/open`, { method: 'POST', headers: json, body: JSON.stringify({ token }) })
    .then(async (res) => {
      // 403: the website is disabled (or the page's origin not allowed): as final as a socket's 4403.
      if (!res.ok) return end(res.status === 401 ? 4001 : res.status === 403 ? closeCodes.websiteDisabled : 1011);
      pollId = ((await res.json()) as PollOpenDTO).pollId;
      on.onOpen();
      void loop();
      void flush();
    })
    .catch(() => end(1006));
  return {
    send(text) {
      outbox.push(text);
      void flush();
    },
    close: () => end(1000),
  };
}
