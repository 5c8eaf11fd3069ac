import { expect } from 'chai';
import { writeRefusal, hidesChat } from '../../../../lib/domain/chats/chatWrite.js';

/** "May this sender write in this chat", decided in one place for every message, without a database. */
describe('domain: who may write in a chat', () => {
  const open = { visitor_id: 7, status: 'active' };
  const visitor = { type: 'visitor', visitorId: 7 } as const;
  const agent = { type: 'agent', userId: 3 } as const;
  const code = (e: ReturnType<typeof writeRefusal>) => e?.code ?? null;

  it('lets a visitor write in their own open chat, and an agent who joined it', () => {
    expect(writeRefusal(visitor, open, false)).to.equal(null);
    expect(writeRefusal(agent, open, true)).to.equal(null);
    expect(writeRefusal(agent, open, true, { internal: true })).to.equal(null);
  });

  it("hides another visitor's chat and a chat that does not exist (not_found, 404)", () => {
    const other = writeRefusal({ type: 'visitor', visitorId: 8 }, open, false);
    expect([code(other), other?.status, hidesChat(other)]).to.deep.equal(['not_found', 404, true]);
    expect(code(writeRefusal(agent, undefined, true))).to.equal('not_found');
  });

  it('refuses a closed chat to everyone (chat_closed, 409), without hiding it', () => {
    const closed = { ...open, status: 'closed' };
    for (const who of [visitor, agent]) {
      const refusal = writeRefusal(who, closed, true);
      expect([code(refusal), refusal?.status, hidesChat(refusal)]).to.deep.equal(['chat_closed', 409, false]);
    }
  });

  it('refuses an agent who has not joined, or has left (not_participant, 403)', () => {
    const refusal = writeRefusal(agent, open, false);
    expect([code(refusal), refusal?.status]).to.deep.equal(['not_participant', 403]);
  });

  it('refuses an internal note from a visitor (notes_for_agents, 403)', () => {
    const refusal = writeRefusal(visitor, open, false, { internal: true });
    expect([code(refusal), refusal?.status]).to.deep.equal(['notes_for_agents', 403]);
    expect(refusal?.message).to.match(/without `internal`/);
  });
});
