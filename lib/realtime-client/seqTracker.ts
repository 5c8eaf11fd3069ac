import type { LivechatEvent } from '../protocol/events.js';

type MessageEvent = Extract<LivechatEvent, { name: 'message.created' | 'message.updated' }>;

/** Messages and their changes (edits, deletes, reactions) share one sequence per chat. */
const seqOf = (event: MessageEvent) => (event.name === 'message.created' ? event.message.seq : event.seq);

/**
 * Per followed chat: the last seq delivered. A message (or a change of one) at last+1 goes out (and any held ones
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

  follows(chatId: number) {
    return this.lastSeq.has(chatId);
  }

  last(chatId: number) {
    return this.lastSeq.get(chatId) ?? 0;
  }

  positions(): Record<string, number> {
    return Object.fromEntries([...this.lastSeq].map(([id, seq]) => [String(id), seq]));
  }

  accept(event: LivechatEvent) {
    if ((event.name !== 'message.created' && event.name !== 'message.updated') || !this.lastSeq.has(event.chatId)) return this.deliver(event);
    const chatId = event.chatId;
    const last = this.last(chatId);
    const seq = seqOf(event);
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
    this.release(chatId, () => false);
  }

  /**
   * A sync reply said: every message this client may see up to `seq` has been sent (they came
   * before the reply). A seq it skipped is one it may not see (a visitor and internal notes), not
   * a gap: deliver what is held up to there, in order, and go on from `seq`.
   */
  caughtUp(chatId: number, seq: number) {
    if (!this.lastSeq.has(chatId)) return;
    this.release(chatId, (next) => next <= seq);
    if (seq > this.last(chatId)) this.lastSeq.set(chatId, seq);
    this.release(chatId, () => false);
  }

  /** Delivers held messages in seq order: the next one, or any up to a known-complete position. */
  private release(chatId: number, skipTo: (seq: number) => boolean) {
    const held = this.held.get(chatId);
    if (!held) return;
    for (const seq of [...held.keys()].sort((a, b) => a - b)) {
      if (seq <= this.last(chatId)) {
        held.delete(seq);
        continue;
      }
      if (seq !== this.last(chatId) + 1 && !skipTo(seq)) break;
      const next = held.get(seq)!;
      held.delete(seq);
      this.lastSeq.set(chatId, seq);
      this.deliver(next);
    }
  }
}
