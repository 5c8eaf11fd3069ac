import { expect } from 'chai';
import { SeqTracker } from '../../../lib/realtime-client/seqTracker.js';
import type { LivechatEvent } from '../../../lib/protocol/events.js';

const message = (chatId: number, seq: number): LivechatEvent => ({
  name: 'message.created',
  clientId: 1,
  chatId,
  message: { id: seq, chatId, seq, clientMsgId: null, senderType: 'agent', senderId: 1, senderName: 'Alex', type: 'text', body: `m${seq}`, internal: false, file: null, isRead: false, createdAt: '2026-01-01T00:00:00.000Z', replyToId: null, editedAt: null, deletedAt: null, reactions: [], delivered: false },
});

function tracker() {
  const delivered: number[] = [];
  const fetches: [number, number][] = [];
  const seqs = new SeqTracker(
    (e) => (e.name === 'message.created' ? delivered.push(e.message.seq) : e.name === 'message.updated' && delivered.push(e.seq)),
    async (chatId, from) => void fetches.push([chatId, from]),
  );
  return { seqs, delivered, fetches };
}

describe('SeqTracker (the shared client: each message once, in seq order)', () => {
  it('delivers in order, drops repeats, and holds a jump ahead while it asks for the gap', () => {
    const { seqs, delivered, fetches } = tracker();
    seqs.follow(7, 0);
    for (const seq of [1, 2, 2, 1, 5, 3]) seqs.accept(message(7, seq));
    expect(delivered).to.deep.equal([1, 2, 3]);
    expect(fetches).to.deep.equal([[7, 2]]);
    seqs.accept(message(7, 4));
    expect(delivered).to.deep.equal([1, 2, 3, 4, 5]);
    expect(seqs.last(7)).to.equal(5);
  });

  it("takes a sync reply's position as complete: seqs it never got (a visitor and internal notes) are skipped, not waited for", () => {
    const { seqs, delivered } = tracker();
    seqs.follow(7, 2);
    seqs.accept(message(7, 4)); // 3 is an internal note the visitor never gets
    seqs.accept(message(7, 6)); // and 5 another one
    expect(delivered).to.deep.equal([]);
    seqs.caughtUp(7, 6);
    expect(delivered).to.deep.equal([4, 6]);
    seqs.accept(message(7, 7));
    expect(delivered).to.deep.equal([4, 6, 7]);
  });

  it('a position below what is held releases only up to it, then what follows on', () => {
    const { seqs, delivered } = tracker();
    seqs.follow(7, 0);
    for (const seq of [3, 5, 6, 9]) seqs.accept(message(7, seq));
    seqs.caughtUp(7, 4);
    expect(delivered).to.deep.equal([3, 5, 6]);
    expect(seqs.last(7)).to.equal(6);
    seqs.caughtUp(7, 2); // an older reply moves nothing back
    expect(seqs.last(7)).to.equal(6);
  });

  it('ignores positions of chats it does not follow and passes other events through', () => {
    const { seqs, delivered } = tracker();
    seqs.caughtUp(8, 10);
    expect(seqs.follows(8)).to.equal(false);
    seqs.accept(message(8, 3));
    expect(delivered).to.deep.equal([3]);
  });

  it('orders changes (edits, deletes, reactions) with messages by their own seq, once each', () => {
    const { seqs, delivered, fetches } = tracker();
    seqs.follow(7, 1);
    const change = (seq: number): LivechatEvent => {
      const m = message(7, 1) as Extract<LivechatEvent, { name: 'message.created' }>;
      return { name: 'message.updated', clientId: 1, chatId: 7, seq, change: 'edit', message: m.message };
    };
    seqs.accept(change(3));
    expect(delivered).to.deep.equal([]);
    expect(fetches).to.deep.equal([[7, 1]]);
    seqs.accept(message(7, 2));
    seqs.accept(change(3));
    expect(delivered).to.deep.equal([2, 3]);
    expect(seqs.last(7)).to.equal(3);
  });
});
