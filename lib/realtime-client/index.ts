import { SYNC_MAX_CHATS, closeCodes, type ClientFrame, type ReplyError, type ReplyTo, type RequestType, type ServerFrame } from '../protocol/frames.js';
import type { LivechatEvent } from '../protocol/events.js';
import { openLongPoll, openWebSocket, type FetchLike, type Transport, type WebSocketCtor } from './transports.js';
import { SeqTracker } from './seqTracker.js';

export type { FetchLike, WebSocketCtor } from './transports.js';
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'polling' | 'closed';
type Reply = Extract<ServerFrame, { type: 'reply' }>;
type Request = Extract<ClientFrame, { type: RequestType }>;
/** A request as the caller writes it: the frame without its `ref`, which the client adds. */
export type RequestBody = Request extends infer F ? (F extends { ref?: string } ? Omit<F, 'ref'> : never) : never;

export interface RealtimeClientOptions {
  /** ws(s)://host/ws, with ?token=... for a visitor. */
  url: string;
  WebSocket: WebSocketCtor;
  /** For visitors: long polling after `fallbackAfter` failed WebSocket attempts in a row. */
  poll?: { baseUrl: string; token: string; fetch: FetchLike };
  fallbackAfter?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

/**
 * Close codes after which reconnecting is pointless (docs/protocol.md): the agent's access ended
 * (4401: sign in again) or the visitor's website was disabled (4403).
 */
export const ACCESS_ENDED_CODES: ReadonlySet<number> = new Set([closeCodes.accessRevoked, closeCodes.websiteDisabled]);

/** Requests safe to send again after a reconnect: the server answers a repeat the same way. */
const RESENDABLE = new Set(['message.send', 'message.edit', 'message.delete', 'message.react', 'message.history', 'subscribe', 'unsubscribe', 'sync', 'read', 'delivered', 'status.set', 'chat.join']);

interface Pending {
  frame: Request;
  text: string;
  sent: boolean;
  resolve(reply: Reply): void;
}

/**
 * The one realtime client of the dashboard and the widget. It reconnects with exponential backoff
 * and full jitter; on every (re)connect it re-subscribes, resumes each followed chat from the last
 * seq it holds (sync), then sends what was queued while offline, in order. Messages keep their
 * clientMsgId, so a resend of something already committed gets the first ack. Per followed chat,
 * message events come out in seq order, each once.
 */
export class RealtimeClient {
  state: ConnectionState = 'closed';
  /** The close code that ended this client for good (4401, 4403), or null. */
  endedBy: number | null = null;
  private transport: Transport | null = null;
  private failures = 0;
  private polling = false;
  /** A WebSocket that once opened proves the network allows them: later failures are outages, not blocks. */
  private wsWorked = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private nextRef = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly channels = new Set<string>();
  private readonly seqs = new SeqTracker((event) => this.emit(event), (chatId, from) => this.resync(chatId, from));
  private readonly eventHandlers = new Set<(e: LivechatEvent) => void>();
  private readonly stateHandlers = new Set<(s: ConnectionState) => void>();
  private readonly frameHandlers = new Set<(f: ServerFrame) => void>();

  constructor(private readonly options: RealtimeClientOptions) {}

  onEvent(fn: (e: LivechatEvent) => void) {
    this.eventHandlers.add(fn);
    return () => this.eventHandlers.delete(fn);
  }
  onState(fn: (s: ConnectionState) => void) {
    this.stateHandlers.add(fn);
    return () => this.stateHandlers.delete(fn);
  }
  /** Every frame as it arrives (hello, errors): for diagnostics and tests. */
  onFrame(fn: (f: ServerFrame) => void) {
    this.frameHandlers.add(fn);
    return () => this.frameHandlers.delete(fn);
  }

  connect() {
    if (this.transport) return;
    this.setState(this.failures ? 'reconnecting' : 'connecting');
    const on = {
      onOpen: () => this.opened(),
      onText: (text: string) => this.received(text),
      onClose: (code: number) => this.lost(code),
    };
    const { poll } = this.options;
    this.transport = this.polling && poll ? openLongPoll(poll.fetch, poll.baseUrl, poll.token, on) : openWebSocket(this.options.WebSocket, this.options.url, on);
  }

  close() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const t = this.transport;
    this.transport = null;
    // 'closed' first: the transport's close callback must not schedule a reconnect.
    this.setState('closed');
    t?.close();
  }

  /**
   * Sends a request (queued while offline) and resolves with the server's reply, typed by the
   * frame's entry in lib/protocol's FrameReplies.
   */
  request<B extends RequestBody>(body: B): Promise<ReplyTo<B['type']>> {
    const ref = `r${this.nextRef++}`;
    const frame: Request = { ...body, ref };
    return new Promise((resolve) => {
      if (this.endedBy !== null) return resolve({ type: 'reply', ref, ok: false, error: this.endedError() });
      // The server answers this ref with the reply FrameReplies declares for the frame's type (the
      // server's handlers are compiled against the same map): the wire is where the type is taken on trust.
      const entry: Pending = { frame, text: JSON.stringify(frame), sent: false, resolve: (reply) => resolve(reply as ReplyTo<B['type']>) };
      this.pending.set(ref, entry);
      if (this.isOpen()) this.transmit(entry);
    });
  }

  /** A chat message: a clientMsgId is made once, so every resend is the same message. */
  sendMessage(chatId: number, body: string, options: { internal?: boolean; clientMsgId?: string; replyToId?: number } = {}) {
    const clientMsgId = options.clientMsgId ?? newId();
    return this.request({ type: 'message.send', chatId, clientMsgId, body, ...(options.internal ? { internal: true } : {}), ...(options.replyToId ? { replyToId: options.replyToId } : {}) }).then((reply) => ({ ...reply, clientMsgId }));
  }

  /** Fire-and-forget frames (typing, page views): dropped while offline, they would be stale. */
  notify(frame: Extract<ClientFrame, { type: 'typing' } | { type: 'page.view' }>) {
    if (this.isOpen()) this.transport!.send(JSON.stringify(frame));
  }

  /** Listen on a channel now and after every reconnect. */
  subscribe(channel: string) {
    this.channels.add(channel);
    return this.request({ type: 'subscribe', channel });
  }

  /** Keep a chat's messages complete and in order from `lastSeq` on (0: from the start). */
  follow(chatId: number, lastSeq = 0) {
    this.seqs.follow(chatId, lastSeq);
    const channel = `chat.${chatId}`;
    const subscribed = this.channels.has(channel) ? Promise.resolve(null) : this.subscribe(channel);
    return subscribed.then(() => this.resync(chatId, this.seqs.last(chatId)));
  }

  lastSeq(chatId: number) {
    return this.seqs.last(chatId);
  }

  private isOpen() {
    return this.state === 'open' || this.state === 'polling';
  }

  private transmit(entry: Pending) {
    entry.sent = true;
    this.transport!.send(entry.text);
  }

  private opened() {
    this.failures = 0;
    if (!this.polling) this.wsWorked = true;
    this.setState(this.polling ? 'polling' : 'open');
    const queued = [...this.pending.values()];
    // Channels and chat positions first, so nothing that happened while away is skipped.
    for (const channel of this.channels) {
      if (!queued.some((p) => p.frame.type === 'subscribe' && p.frame.channel === channel)) this.transport!.send(JSON.stringify({ type: 'subscribe', ref: `s${this.nextRef++}`, channel }));
    }
    this.syncFollowed();
    for (const entry of queued) this.transmit(entry);
  }

  /** Every followed chat from the last seq held: after a reconnect, or when the server says resync. */
  private syncFollowed() {
    const positions = Object.entries(this.seqs.positions());
    for (let i = 0; i < positions.length; i += SYNC_MAX_CHATS) void this.sync(Object.fromEntries(positions.slice(i, i + SYNC_MAX_CHATS)));
  }

  private resync(chatId: number, from: number) {
    return this.sync({ [chatId]: from });
  }

  /**
   * One sync, continued until the server has nothing more: a reply carries at most 500 messages a
   * chat and lists the chats with more waiting in `more`. Resolves with the last reply.
   */
  private async sync(chats: Record<string, number>): Promise<ReplyTo<'sync'>> {
    const reply = await this.request({ type: 'sync', chats });
    if (!reply.ok) return reply;
    const { chats: positions, more } = reply;
    for (const [chatId, seq] of Object.entries(positions)) this.seqs.caughtUp(Number(chatId), seq);
    const rest = more.filter((chatId) => this.seqs.follows(chatId));
    return rest.length ? this.sync(Object.fromEntries(rest.map((chatId) => [String(chatId), this.seqs.last(chatId)]))) : reply;
  }

  private received(text: string) {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    for (const fn of this.frameHandlers) fn(frame);
    if (frame.type === 'reply') {
      const entry = this.pending.get(frame.ref);
      if (entry && !frame.ok && frame.error.code === 'unavailable' && RESENDABLE.has(entry.frame.type)) this.retryLater(frame.ref, entry, frame.error.retryAfterMs);
      else if (entry) {
        this.pending.delete(frame.ref);
        entry.resolve(frame);
      }
    } else if (frame.type === 'event') {
      this.seqs.accept(frame.event);
    } else if (frame.type === 'resync') {
      // Live events may have been lost between nodes: fetch what each followed chat missed.
      this.syncFollowed();
    }
  }

  /**
   * The server could not serve it now (`unavailable`: its database did not answer) and says when to
   * try again: the same frame goes again then (a message keeps its clientMsgId, so one that was
   * committed after all comes back as the original), with jitter so clients do not retry in step.
   * A reconnect meanwhile sends it anyway, as every unanswered request.
   */
  private retryLater(ref: string, entry: Pending, afterMs = 1000) {
    entry.sent = false;
    const delay = Math.floor(afterMs * (0.5 + (this.options.random ?? Math.random)()));
    setTimeout(() => {
      if (this.pending.get(ref) === entry && !entry.sent && this.isOpen()) this.transmit(entry);
    }, delay);
  }

  private emit(event: LivechatEvent) {
    for (const fn of this.eventHandlers) fn(event);
  }

  private lost(code: number) {
    const wasOpen = this.isOpen();
    this.transport = null;
    if (this.state === 'closed') return;
    if (ACCESS_ENDED_CODES.has(code)) return this.ended(code);
    // What was sent and not answered: resend what is safe to repeat, fail the rest.
    for (const [ref, entry] of this.pending) {
      if (!entry.sent) continue;
      if (RESENDABLE.has(entry.frame.type)) entry.sent = false;
      else {
        this.pending.delete(ref);
        entry.resolve({ type: 'reply', ref, ok: false, error: { code: 'disconnected', message: 'The connection dropped before the server answered; try again.' } });
      }
    }
    if (!wasOpen) this.failures++;
    const fallback = this.options.fallbackAfter ?? 3;
    if (!this.polling && !this.wsWorked && this.options.poll && this.failures >= fallback) {
      this.polling = true;
      this.failures = 0;
    }
    const base = this.options.minDelayMs ?? 500;
    const cap = this.options.maxDelayMs ?? 15_000;
    // Full jitter: a restarted server is not hit by every client at the same instant.
    const ceiling = code === 1001 && wasOpen ? base : Math.min(cap, base * 2 ** this.failures);
    const delay = Math.floor((this.options.random ?? Math.random)() * ceiling);
    this.setState('reconnecting');
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }

  /** The server ended this client's access: no reconnect; what waits for an answer fails. */
  private ended(code: number) {
    this.endedBy = code;
    const error = this.endedError();
    for (const [ref, entry] of this.pending) entry.resolve({ type: 'reply', ref, ok: false, error });
    this.pending.clear();
    this.setState('closed');
  }

  private endedError(): ReplyError {
    return { code: 'access_ended', message: this.endedBy === closeCodes.websiteDisabled ? 'This website no longer offers chat.' : 'Your access ended: sign in again.' };
  }

  private setState(state: ConnectionState) {
    if (this.state === state) return;
    this.state = state;
    for (const fn of this.stateHandlers) fn(state);
  }
}

/** A random id for clientMsgId (crypto.randomUUID where there is one). */
export function newId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
