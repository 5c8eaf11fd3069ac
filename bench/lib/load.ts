import WebSocket from 'ws';
import { PASSWORD } from './setup.js';
import { processUsage, summarize } from './stats.js';

export interface Target {
  kind: 'livechat' | 'relay';
  /** Node the visitors use and node the agents use (the same for one node). */
  visitorBase: string;
  agentBase: string;
  widgetKey?: string;
  agentEmails?: string[];
  pids: number[];
}

const ORIGIN = 'https://bench.test';

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_q, res) => reject(new Error(`upgrade refused ${res.statusCode}`)));
  });
}

/** Sends a frame and waits for its reply (setup only; the load itself never waits). */
function ask(ws: WebSocket, frame: Record<string, unknown>): Promise<any> {
  const ref = `setup-${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const f = JSON.parse(String(data));
      if (f.type === 'reply' && f.ref === ref) {
        ws.off('message', onMessage);
        resolve(f);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ ...frame, ref }));
  });
}

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, k) => make(i + k)))));
  return out;
}

export async function connectVisitorsAndAgents(target: Target, visitors: number, agents: number) {
  const agentSockets: WebSocket[] = [];
  const chatOf: number[] = [];
  let visitorSockets: WebSocket[];
  if (target.kind === 'relay') {
    const ws = target.agentBase.replace('http', 'ws');
    for (let j = 0; j < agents; j++) agentSockets.push(await open(`${ws}/?agent=${j}`));
    visitorSockets = await inBatches(visitors, 50, (i) => open(`${target.visitorBase.replace('http', 'ws')}/?v=${i}&a=${i % agents}`));
    visitorSockets.forEach((_, i) => chatOf.push(i));
    return { visitorSockets, agentSockets, chatOf };
  }
  for (let j = 0; j < agents; j++) {
    const res = await fetch(`${target.agentBase}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: target.agentEmails![j], password: PASSWORD }) });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    agentSockets.push(await open(`${target.agentBase.replace('http', 'ws')}/ws`, { cookie, origin: target.agentBase }));
  }
  visitorSockets = await inBatches(visitors, 25, async (i) => {
    const res = await fetch(`${target.visitorBase}/api/widget/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ widgetKey: target.widgetKey }) });
    const { token } = await res.json();
    const ws = await open(`${target.visitorBase.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`, { origin: ORIGIN });
    const started = await ask(ws, { type: 'chat.start', lead: { name: `V${i}`, email: `v${i}@bench.test`, phone: '+1 555 0100' } });
    chatOf[i] = started.chat.id;
    const joined = await ask(agentSockets[i % agents], { type: 'chat.join', chatId: started.chat.id });
    if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined)}`);
    return ws;
  });
  return { visitorSockets, agentSockets, chatOf };
}

export interface LoadResult {
  offered: number;
  sent: number;
  acked: number;
  received: number;
  lost: number;
  duplicated: number;
  achievedPerSecond: number;
  endToEnd: ReturnType<typeof summarize>;
  ack: ReturnType<typeof summarize>;
  serverCpuPercent: number;
  serverRssBytes: number;
}

/**
 * Open-loop load: messages are due at `rate` per second whatever the server does, so a slow
 * server shows up as latency. The first `warmup` seconds are sent but not counted.
 */
export async function runLoad(target: Target, conns: Awaited<ReturnType<typeof connectVisitorsAndAgents>>, opts: { rate: number; seconds: number; warmup: number }): Promise<LoadResult> {
  const sentAt = new Map<string, number>();
  const ackAt = new Map<string, number>();
  const recvAt = new Map<string, number>();
  let duplicated = 0;
  for (const ws of conns.agentSockets) {
    ws.on('message', (data) => {
      const text = String(data);
      if (!text.includes('message.created')) return;
      const f = JSON.parse(text);
      const id = f.event?.message?.body;
      if (f.type !== 'event' || f.event.name !== 'message.created' || !sentAt.has(id)) return;
      if (recvAt.has(id)) duplicated++;
      else recvAt.set(id, performance.now());
    });
  }
  conns.visitorSockets.forEach((ws) =>
    ws.on('message', (data) => {
      const text = String(data);
      if (!text.startsWith('{"type":"reply"')) return;
      const f = JSON.parse(text);
      if (f.ok && sentAt.has(f.ref) && !ackAt.has(f.ref)) ackAt.set(f.ref, performance.now());
    }),
  );

  const total = Math.floor(opts.rate * (opts.seconds + opts.warmup));
  const warmCount = Math.floor(opts.rate * opts.warmup);
  const counted: string[] = [];
  const t0 = performance.now();
  let sent = 0;
  let cpuStart = { cpuSeconds: 0, rssBytes: 0 };
  let measureStart = 0;
  let maxRss = 0;
  const sampler = setInterval(() => {
    for (const pid of target.pids) maxRss = Math.max(maxRss, processUsage(pid).rssBytes);
  }, 500);
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * opts.rate));
      while (sent < due) {
        const i = sent % conns.visitorSockets.length;
        const id = `m${sent}`;
        if (sent === warmCount) {
          measureStart = performance.now();
          cpuStart = target.pids.map(processUsage).reduce((a, b) => ({ cpuSeconds: a.cpuSeconds + b.cpuSeconds, rssBytes: 0 }), { cpuSeconds: 0, rssBytes: 0 });
        }
        if (sent >= warmCount) counted.push(id);
        sentAt.set(id, performance.now());
        conns.visitorSockets[i].send(JSON.stringify({ type: 'message.send', ref: id, chatId: conns.chatOf[i], clientMsgId: id, body: id }));
        sent++;
      }
      if (sent >= total) return resolve();
      setImmediate(tick);
    };
    tick();
  });
  const measureEnd = performance.now();
  const cpuEnd = target.pids.map(processUsage).reduce((a, b) => a + b.cpuSeconds, 0);
  // Let the last messages arrive (bounded).
  const drainUntil = performance.now() + 10_000;
  while (performance.now() < drainUntil && counted.some((id) => !recvAt.has(id))) await new Promise((r) => setTimeout(r, 50));
  clearInterval(sampler);
  const e2e = counted.filter((id) => recvAt.has(id)).map((id) => recvAt.get(id)! - sentAt.get(id)!);
  const acks = counted.filter((id) => ackAt.has(id)).map((id) => ackAt.get(id)! - sentAt.get(id)!);
  const elapsed = (measureEnd - measureStart) / 1000;
  const received = counted.filter((id) => recvAt.has(id)).length;
  return {
    offered: opts.rate,
    sent: counted.length,
    acked: acks.length,
    received,
    lost: counted.length - received,
    duplicated,
    achievedPerSecond: received / Math.max(elapsed, 0.001),
    endToEnd: summarize(e2e),
    ack: summarize(acks),
    serverCpuPercent: ((cpuEnd - cpuStart.cpuSeconds) / elapsed) * 100,
    serverRssBytes: maxRss,
  };
}
