import type { LivechatEvent } from '../protocol/events.js';

type MessageEvent = Extract<LivechatEvent, { name: 'message.created' }>;

/**
 * Per followed chat: the last seq delivered. A message at last+1 goes out (and any held ones
 * after it); an old seq is a duplicate and is dropped; a jump ahead is held while the missing
 * ones are fetched (sync), so nothing comes out of order. Other events pass straight through.
 */
export class SeqTracker {
  private readonly lastSeq = new Map<number, number>();
  private readonly held = new Map<number, Map<number, MessageEvent>>();
  private readonly syncing = new Set<number>();

  constructor(
    private readonly deliver: (event: LivechatEvent) => void,
    private readonly fetchMissing: (chatId: number, from: number) => Promise<unknown>,
  ) {}

  follow(chatId: number, lastSeq: number) {
    if (!this.lastSeq.has(chatId) || (this.lastSeq.get(chatId) ?? 0) < lastSeq) this.lastSeq.set(chatId, lastSeq);
  }

  last(chatId: number) {
    return this.lastSeq.get(chatId) ?? 0;
  }

  positions(): Record<string, number> {
    return Object.fromEntries([...this.lastSeq].map(([id, seq]) => [String(id), seq]));
  }

  accept(event: LivechatEvent) {
    if (event.name !== 'message.created' || !this.lastSeq.has(event.chatId)) return this.deliver(event);
    const chatId = event.chatId;
    const last = this.last(chatId);
    const seq = event.message.seq;
    if (seq <= last) return;
    if (seq > last + 1) {
      let held = this.held.get(chatId);
      if (!held) this.held.set(chatId, (held = new Map()));
      held.set(seq, event);
      if (!this.syncing.has(chatId)) {
        this.syncing.add(chatId);
        void this.fetchMissing(chatId, last).finally(() => this.syncing.delete(chatId));
      }
      return;
    }
    this.lastSeq.set(chatId, seq);
    this.deliver(event);
    const held = this.held.get(chatId);
    let next = held?.get(seq + 1);
    while (held && next) {
      held.delete(next.message.seq);
      this.lastSeq.set(chatId, next.message.seq);
      this.deliver(next);
      next = held.get(next.message.seq + 1);
    }
  }
}
