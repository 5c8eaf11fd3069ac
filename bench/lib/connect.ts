import WebSocket from 'ws';
import { PASSWORD, WEBSITE_ORIGIN } from './setup.js';

/** Where the sockets go: the livechat server (visitors on one node, agents on the last) or the bare relay. */
export type Target =
  | { kind: 'livechat'; visitorBase: string; agentBase: string; widgetKey: string; clientId: number; agentEmails: string[] }
  | { kind: 'relay'; base: string };

export interface Connections {
  visitors: WebSocket[];
  agents: WebSocket[];
  /** Visitor i's chat id, and the index of the agent who joined it. */
  chatOf: number[];
  agentOf: number[];
}

const wsUrl = (base: string) => base.replace(/^http/, 'ws');

export function openSocket(url: string, headers: Record<string, string> = {}, localAddress?: string, timeoutMs = 30_000): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false, localAddress, handshakeTimeout: timeoutMs });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode} ${url.replace(/token=[^&]+/, 'token=…')}`)));
  });
}

let setupRefs = 0;
/** Sends a frame and waits for its reply (setup only: the measured load never waits). */
export function ask(ws: WebSocket, frame: Record<string, unknown>, timeoutMs = 30_000): Promise<any> {
  const ref = `setup-${++setupRefs}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error(`no reply to ${frame.type} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onMessage = (data: WebSocket.RawData) => {
      const text = String(data);
      if (!text.includes(`"ref":"${ref}"`)) return;
      const f = JSON.parse(text);
      if (f.type !== 'reply' || f.ref !== ref) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      if (!f.ok) reject(new Error(`${frame.type} refused: ${JSON.stringify(f.error)}`));
      else resolve(f);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ ...frame, ref }));
  });
}

/** Runs `make` for 0..count-1, `size` at a time. */
export async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>, progress?: (done: number) => void): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, k) => make(i + k)))));
    progress?.(out.length);
  }
  return out;
}

/** A visitor token from the widget API, asked as the website's page would (its Origin). */
export async function visitorToken(base: string, widgetKey: string): Promise<string> {
  const res = await fetch(`${base}/api/widget/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: WEBSITE_ORIGIN }, body: JSON.stringify({ widgetKey }) });
  if (!res.ok) throw new Error(`POST /api/widget/session: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function visitorSocket(base: string, token: string, localAddress?: string) {
  return openSocket(`${wsUrl(base)}/ws?token=${encodeURIComponent(token)}`, { origin: WEBSITE_ORIGIN }, localAddress);
}

/**
 * M agents sign in (session cookie), open the dashboard socket (Origin = the server) and, with
 * `followWebsite`, subscribe to `visitors.{client}` as the dashboard does; N visitors get a token,
 * open the widget socket and start a chat; agent i % M joins visitor i's chat.
 */
export async function connectAll(target: Target, visitors: number, agents: number, opts: { followWebsite: boolean; sourceAddresses: string[] }): Promise<Connections> {
  const src = (i: number) => opts.sourceAddresses[i % opts.sourceAddresses.length];
  const agentOf = Array.from({ length: visitors }, (_, i) => i % agents);
  if (target.kind === 'relay') {
    const agentSockets: WebSocket[] = [];
    for (let j = 0; j < agents; j++) agentSockets.push(await openSocket(`${wsUrl(target.base)}/?agent=${j}`));
    const visitorSockets = await inBatches(visitors, 100, (i) => openSocket(`${wsUrl(target.base)}/?v=${i}&a=${agentOf[i]}`, {}, src(i)));
    return { visitors: visitorSockets, agents: agentSockets, chatOf: visitorSockets.map((_, i) => i + 1), agentOf };
  }
  const agentSockets: WebSocket[] = [];
  for (let j = 0; j < agents; j++) {
    const res = await fetch(`${target.agentBase}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: target.agentBase }, body: JSON.stringify({ email: target.agentEmails[j], password: PASSWORD }) });
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (!res.ok || !cookie) throw new Error(`agent sign-in failed: ${res.status} ${await res.text()}`);
    const ws = await openSocket(`${wsUrl(target.agentBase)}/ws`, { cookie, origin: target.agentBase });
    if (opts.followWebsite) await ask(ws, { type: 'subscribe', channel: `visitors.${target.clientId}` });
    agentSockets.push(ws);
  }
  const chatOf: number[] = [];
  const visitorSockets = await inBatches(visitors, 25, async (i) => {
    const ws = await visitorSocket(target.visitorBase, await visitorToken(target.visitorBase, target.widgetKey), src(i));
    const started = await ask(ws, { type: 'chat.start', lead: { name: `Visitor ${i}`, email: `v${i}@bench.test`, phone: '+1 555 0100' } });
    chatOf[i] = started.chat.id;
    await ask(agentSockets[agentOf[i]], { type: 'chat.join', chatId: started.chat.id });
    return ws;
  });
  return { visitors: visitorSockets, agents: agentSockets, chatOf, agentOf };
}

export function closeAll(conns: Connections) {
  for (const ws of [...conns.visitors, ...conns.agents]) ws.terminate();
}
