import type WebSocket from 'ws';
import type { Connections } from './connect.js';
import { cpuWindow, rssSampler, type CpuFigures } from './meter.js';
import { summarize, type Summary } from './stats.js';

export interface LoadOptions {
  rate: number;
  seconds: number;
  warmup: number;
  /** Bytes of text after the message's tag, so a message body is about this long. */
  bodyBytes: number;
  /** Whether every agent socket is expected to get every message (agents follow the website). */
  followWebsite: boolean;
  /** Processes whose CPU is counted, by group ("server", "mariadb", "redis"); the first group's RSS is sampled. */
  cpuGroups: Record<string, number[]>;
  /** Called when the measured window starts and ends (the SQL statement counter). */
  onWindow?: (edge: 'start' | 'end') => void;
}

export interface LoadResult {
  offered: number;
  sent: number;
  acked: number;
  /** Messages that reached the socket of the agent who joined the chat. */
  received: number;
  lost: number;
  /** Messages that reached some agent socket more than once. */
  duplicated: number;
  /** With followWebsite: (message, other agent) pairs that never arrived. */
  fanoutMissing: number;
  /** Every message.created frame counted at the agent sockets (the fan-out actually carried). */
  agentFrames: number;
  refused: Record<string, number>;
  errorFrames: number;
  socketsDropped: number;
  achievedPerSecond: number;
  endToEnd: Summary;
  ack: Summary;
  /** How late the generator sent compared with its schedule (its own lag, not the server's). */
  sendLag: Summary;
  /** The three seconds of the window with the highest end-to-end p99 (a stall shows up here). */
  worstSeconds: { second: number; p99: number; max: number }[];
  /** The wall clock (ms since epoch) when the measured window's first message was sent: second 0 of worstSeconds. */
  windowStartEpochMs: number;
  cpu: CpuFigures;
  peakRssBytes: number;
  seconds: number;
}

const TAG = Buffer.from('"body":"~');
const REPLY = Buffer.from('{"type":"reply","ref":"r');
const OK = Buffer.from('"ok":true');
const ERROR = Buffer.from('{"type":"error"');
const FILLER = 'Hello, I have a question about my order and its delivery date, thank you!'.repeat(20);

/** Reads the decimal number at buf[at..]; returns [value, index after it]. */
function readInt(buf: Buffer, at: number): [number, number] {
  let n = 0;
  let i = at;
  for (; i < buf.length; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return [i === at ? -1 : n, i];
}

/**
 * Open-loop load: message k is due at t0 + k/rate whatever the server does, so a slow server shows
 * up as latency and not as a lower offered rate. Visitor k % N sends message k to its chat; its
 * body starts with "~<agent>.<k>", so every agent socket tells, without parsing JSON, which
 * message arrived and whether it is its own chat's. The first `warmup` seconds are not counted.
 * Ticks run every millisecond (no busy loop: the generator's CPU is only its real work).
 */
export async function runLoad(conns: Connections, opts: LoadOptions): Promise<LoadResult> {
  const V = conns.visitors.length;
  const M = conns.agents.length;
  const total = Math.round(opts.rate * (opts.warmup + opts.seconds));
  const first = Math.round(opts.rate * opts.warmup);
  const sentAt = new Float64Array(total);
  const ackAt = new Float64Array(total);
  const recvAt = new Float64Array(total);
  const lag = new Float64Array(total);
  const deliveries = new Uint8Array(total * M);
  const refused: Record<string, number> = {};
  let errorFrames = 0;
  let agentFrames = 0;
  let socketsDropped = 0;
  const filler = FILLER.slice(0, Math.max(0, opts.bodyBytes));

  const listeners: [WebSocket, string, (...a: any[]) => void][] = [];
  const listen = (ws: WebSocket, event: string, fn: (...a: any[]) => void) => {
    ws.on(event, fn);
    listeners.push([ws, event, fn]);
  };
  conns.agents.forEach((ws, j) => {
    listen(ws, 'message', (data: Buffer) => {
      const at = data.indexOf(TAG);
      if (at < 0) return;
      const [owner, dot] = readInt(data, at + TAG.length);
      const [k] = readInt(data, dot + 1);
      if (owner < 0 || k < 0 || k >= total) return;
      if (k >= first) agentFrames++;
      const slot = k * M + j;
      if (deliveries[slot] < 255) deliveries[slot]++;
      if (owner === j && deliveries[slot] === 1) recvAt[k] = performance.now();
    });
    listen(ws, 'close', () => socketsDropped++);
  });
  conns.visitors.forEach((ws) => {
    listen(ws, 'message', (data: Buffer) => {
      if (data.compare(REPLY, 0, REPLY.length, 0, REPLY.length) !== 0) {
        if (data.compare(ERROR, 0, ERROR.length, 0, ERROR.length) === 0) errorFrames++;
        return;
      }
      const [k] = readInt(data, REPLY.length);
      if (k < 0 || k >= total) return;
      if (data.indexOf(OK) >= 0) {
        if (ackAt[k] === 0) ackAt[k] = performance.now();
      } else {
        const code = JSON.parse(String(data)).error?.code ?? 'unknown';
        refused[code] = (refused[code] ?? 0) + 1;
      }
    });
    listen(ws, 'close', () => socketsDropped++);
  });

  const cpu = cpuWindow(opts.cpuGroups);
  let rss: ReturnType<typeof rssSampler> | null = null;
  let cpuFigures: CpuFigures | null = null;
  const interval = 1000 / opts.rate;
  const t0 = performance.now() + 20;
  let k = 0;
  let windowStartEpochMs = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (k < total && t0 + k * interval <= now) {
        if (k === first) {
          cpu.restart();
          rss = rssSampler(Object.values(opts.cpuGroups)[0]);
          opts.onWindow?.('start');
          windowStartEpochMs = Date.now();
        }
        const i = k % V;
        const ws = conns.visitors[i];
        sentAt[k] = performance.now();
        lag[k] = sentAt[k] - (t0 + k * interval);
        ws.send(`{"type":"message.send","ref":"r${k}","chatId":${conns.chatOf[i]},"clientMsgId":"c${k}","body":"~${conns.agentOf[i]}.${k} ${filler}"}`);
        k++;
      }
      if (k < total) return void setTimeout(tick, Math.max(0, Math.min(1, t0 + k * interval - performance.now())));
      cpuFigures = cpu.stop();
      opts.onWindow?.('end');
      resolve();
    };
    tick();
  });

  // Let the last messages arrive, but never wait more than 15 s.
  const drainUntil = performance.now() + 15_000;
  const pending = () => {
    for (let m = first; m < total; m++) if (recvAt[m] === 0 || ackAt[m] === 0) return true;
    return false;
  };
  while (performance.now() < drainUntil && pending()) await new Promise((r) => setTimeout(r, 50));
  if (opts.followWebsite) await new Promise((r) => setTimeout(r, 200));
  const rssFigures = rss ? (rss as ReturnType<typeof rssSampler>).stop() : { peakBytes: 0 };
  for (const [ws, event, fn] of listeners) ws.off(event, fn);

  const e2e: number[] = [];
  const acks: number[] = [];
  const lags: number[] = [];
  let duplicated = 0;
  let fanoutMissing = 0;
  let lastArrival = 0;
  for (let m = first; m < total; m++) {
    lags.push(lag[m]);
    if (recvAt[m]) {
      e2e.push(recvAt[m] - sentAt[m]);
      lastArrival = Math.max(lastArrival, recvAt[m]);
    }
    if (ackAt[m]) acks.push(ackAt[m] - sentAt[m]);
    const owner = conns.agentOf[m % V];
    let dup = false;
    for (let j = 0; j < M; j++) {
      const c = deliveries[m * M + j];
      if (c > 1) dup = true;
      if (c === 0 && opts.followWebsite && j !== owner) fanoutMissing++;
    }
    if (dup) duplicated++;
  }
  const bySecond = new Map<number, number[]>();
  for (let m = first; m < total; m++) {
    if (!recvAt[m]) continue;
    const second = Math.floor((sentAt[m] - sentAt[first]) / 1000);
    let list = bySecond.get(second);
    if (!list) bySecond.set(second, (list = []));
    list.push(recvAt[m] - sentAt[m]);
  }
  const worstSeconds = [...bySecond]
    .map(([second, list]) => ({ second, ...summarize(list) }))
    .sort((a, b) => b.p99 - a.p99)
    .slice(0, 3)
    .map(({ second, p99, max }) => ({ second, p99, max }));
  const sent = total - first;
  const windowMs = lastArrival - sentAt[first];
  return {
    offered: opts.rate,
    sent,
    acked: acks.length,
    received: e2e.length,
    lost: sent - e2e.length,
    duplicated,
    fanoutMissing,
    agentFrames,
    refused,
    errorFrames,
    socketsDropped,
    achievedPerSecond: windowMs > 0 ? (e2e.length / windowMs) * 1000 : NaN,
    endToEnd: summarize(e2e),
    ack: summarize(acks),
    sendLag: summarize(lags),
    worstSeconds,
    windowStartEpochMs,
    cpu: cpuFigures!,
    peakRssBytes: rssFigures.peakBytes,
    seconds: opts.seconds,
  };
}
