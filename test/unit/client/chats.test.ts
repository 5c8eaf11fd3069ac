import { expect } from 'chai';
import { useChats } from '../../../client/src/stores/chats.js';
import { agent, card, chatCreated, heldFetch, message, signedInAs } from './fixtures.js';

const ME = 7;

/** A chats store with cards already in it, as after the inbox answered. */
function withCards(...cards: ReturnType<typeof card>[]) {
  signedInAs(ME);
  const chats = useChats();
  for (const c of cards) chats.cards.set(c.chat.id, c);
  return chats;
}

describe('dashboard chats store: realtime events change the state through its actions', () => {
  it('chat.created adds a flashing waiting card; unflash stops the flash', () => {
    const chats = withCards();
    chats.chatCreated(chatCreated(5));
    expect(chats.waiting.map((c) => c.chat.id)).to.deep.equal([5]);
    expect(chats.cards.get(5)).to.include({ flash: true, unread: 0, clientName: 'Shop' });
    expect(chats.cards.get(5)!.visitor).to.include({ currentPage: '/home', online: true });
    chats.unflash(5);
    expect(chats.cards.get(5)!.flash).to.equal(false);
  });

  it('chat.updated: urgent, then high waiting chats come first; a reopened chat leaves the closed list for the open one', () => {
    const chats = withCards(card(1), card(2), card(3));
    chats.chatUpdated({ name: 'chat.updated', clientId: 1, chatId: 3, change: 'priority', chat: { ...chats.cards.get(3)!.chat, priority: 'urgent' } });
    chats.chatUpdated({ name: 'chat.updated', clientId: 1, chatId: 2, change: 'priority', chat: { ...chats.cards.get(2)!.chat, priority: 'high' } });
    expect(chats.waiting.map((c) => c.chat.id)).to.deep.equal([3, 2, 1]);
    chats.chatClosed({ name: 'chat.closed', clientId: 1, chatId: 1, endedBy: 'agent' });
    expect(chats.closed.items.map((c) => c.chat.id)).to.deep.equal([1]);
    chats.chatUpdated({ name: 'chat.updated', clientId: 1, chatId: 1, change: 'reopened', chat: { ...chats.closed.items[0].chat, status: 'waiting', endedAt: null, endedBy: null } });
    expect(chats.closed.items).to.have.length(0);
    expect(chats.waiting.map((c) => c.chat.id)).to.deep.equal([3, 2, 1]);
  });

  it('message.created: the card shows it and counts it unread on a waiting chat the agent is not watching', () => {
    const chats = withCards(card(1));
    chats.typingChanged({ name: 'typing', clientId: 1, chatId: 1, from: 'visitor', agent: null, isTyping: true, draft: 'hel' });
    const m = message(1, 3);
    expect(chats.messageCreated(m, { seen: false })).to.equal(chats.cards.get(1));
    const c = chats.cards.get(1)!;
    expect(c.unread).to.equal(1);
    expect(c.lastMessage).to.deep.equal(m);
    expect(c.chat).to.include({ lastSeq: 3, lastMessageAt: m.createdAt });
    expect(chats.typing.has(1), 'a message ends the typing line').to.equal(false);
  });

  it('message.created: nothing unread when seen, on someone else\'s active chat, or for a system line', () => {
    const chats = withCards(card(1, { status: 'active' }, [agent(ME)]), card(2, { status: 'active' }, [agent(8)]));
    chats.messageCreated(message(1, 1), { seen: true });
    chats.messageCreated(message(2, 1), { seen: false });
    chats.messageCreated(message(1, 2, { senderType: 'system', type: 'system' }), { seen: false });
    expect(chats.cards.get(1)!.unread).to.equal(0);
    expect(chats.cards.get(2)!.unread).to.equal(0);
    expect(chats.cards.get(1)!.lastMessage!.seq, 'a system line is not the card\'s last message').to.equal(1);
    chats.messageCreated(message(1, 3), { seen: false });
    expect(chats.cards.get(1)!.unread, 'my own active chat counts').to.equal(1);
    expect(chats.unreadMine).to.equal(1);
  });

  it('message.created for a chat without a card changes nothing and says so', () => {
    const chats = withCards(card(1));
    expect(chats.messageCreated(message(9, 1), { seen: false })).to.equal(null);
    expect([...chats.cards.keys()]).to.deep.equal([1]);
    expect(chats.messages.has(9), 'no history is started for a chat never opened').to.equal(false);
  });

  it('keeps an opened chat\'s history in seq order, each message once', () => {
    const chats = withCards(card(1));
    chats.messages.set(1, []);
    for (const seq of [2, 1, 4, 2, 3]) chats.messageCreated(message(1, seq), { seen: true });
    expect(chats.messages.get(1)!.map((m) => m.seq)).to.deep.equal([1, 2, 3, 4]);
    expect(chats.lastSeq(1)).to.equal(4);
  });

  it('agent.joined adds the agent once and makes a waiting chat active; a closed chat stays closed', () => {
    const chats = withCards(card(1), card(2, { status: 'closed' }));
    const joined = (chatId: number) => chats.agentJoined({ name: 'agent.joined', clientId: 1, chatId, agent: agent(ME) });
    joined(1);
    joined(1);
    joined(2);
    expect(chats.cards.get(1)!.participants.map((p) => p.id)).to.deep.equal([ME]);
    expect(chats.cards.get(1)!.chat.status).to.equal('active');
    expect(chats.active.map((c) => c.chat.id)).to.deep.equal([1]);
    expect(chats.cards.get(2)!.chat.status).to.equal('closed');
    chats.agentLeft({ name: 'agent.left', clientId: 1, chatId: 1, agent: agent(ME) });
    expect(chats.cards.get(1)!.participants).to.deep.equal([]);
  });

  it('chat.transferred: "leave" swaps the agents, "stay" adds the new one', () => {
    const chats = withCards(card(1, { status: 'active' }, [agent(8)]), card(2, { status: 'active' }, [agent(8)]));
    chats.chatTransferred({ name: 'chat.transferred', clientId: 1, chatId: 1, from: agent(8), to: agent(ME), reason: null, mode: 'leave' });
    chats.chatTransferred({ name: 'chat.transferred', clientId: 1, chatId: 2, from: agent(8), to: agent(ME), reason: null, mode: 'stay' });
    expect(chats.cards.get(1)!.participants.map((p) => p.id)).to.deep.equal([ME]);
    expect(chats.cards.get(2)!.participants.map((p) => p.id)).to.deep.equal([8, ME]);
  });

  it('chat.closed moves the card to the top of the closed list and ends its typing line', () => {
    const chats = withCards(card(1, { status: 'active' }, [agent(ME)]));
    chats.closed.items.push(card(4, { status: 'closed' }));
    chats.typingChanged({ name: 'typing', clientId: 1, chatId: 1, from: 'visitor', agent: null, isTyping: true, draft: null });
    chats.chatClosed({ name: 'chat.closed', clientId: 1, chatId: 1, endedBy: 'visitor' }, '2026-01-01T11:00:00.000Z');
    expect(chats.cards.has(1)).to.equal(false);
    expect(chats.closed.items.map((c) => c.chat.id)).to.deep.equal([1, 4]);
    expect(chats.closed.items[0]!.chat).to.include({ status: 'closed', endedBy: 'visitor', endedAt: '2026-01-01T11:00:00.000Z' });
    expect(chats.typing.has(1)).to.equal(false);
    chats.chatClosed({ name: 'chat.closed', clientId: 1, chatId: 99, endedBy: 'system' });
    expect(chats.closed.items).to.have.length(2);
  });

  it('typing: the visitor\'s typing and draft show; an agent\'s typing does not', () => {
    const chats = withCards(card(1));
    chats.typingChanged({ name: 'typing', clientId: 1, chatId: 1, from: 'agent', agent: agent(8), isTyping: true, draft: null });
    expect(chats.typing.has(1)).to.equal(false);
    chats.typingChanged({ name: 'typing', clientId: 1, chatId: 1, from: 'visitor', agent: null, isTyping: true, draft: 'hello' });
    expect(chats.typing.get(1)).to.deep.equal({ isTyping: true, draft: 'hello', agentName: null });
    chats.typingChanged({ name: 'typing', clientId: 1, chatId: 1, from: 'visitor', agent: null, isTyping: false, draft: null });
    expect(chats.typing.has(1)).to.equal(false);
  });

  it('read: the visitor\'s read ticks agent messages up to the seq; my read elsewhere clears unread, another agent\'s does not', () => {
    const chats = withCards(card(1, { status: 'active', lastSeq: 3 }, [agent(ME)]));
    chats.messages.set(1, [message(1, 1, { senderType: 'agent', senderId: ME }), message(1, 2), message(1, 3, { senderType: 'agent', senderId: ME })]);
    chats.cards.get(1)!.unread = 2;
    chats.readUpTo({ name: 'read', clientId: 1, chatId: 1, reader: 'visitor', agentId: null, seq: 2 });
    expect(chats.messages.get(1)!.map((m) => m.isRead)).to.deep.equal([true, false, false]);
    chats.readUpTo({ name: 'read', clientId: 1, chatId: 1, reader: 'agent', agentId: 8, seq: 3 });
    expect(chats.cards.get(1)!.unread).to.equal(2);
    chats.readUpTo({ name: 'read', clientId: 1, chatId: 1, reader: 'agent', agentId: ME, seq: 2 });
    expect(chats.cards.get(1)!.unread, 'read short of the last message: still unread').to.equal(2);
    chats.readUpTo({ name: 'read', clientId: 1, chatId: 1, reader: 'agent', agentId: ME, seq: 3 });
    expect(chats.cards.get(1)!.unread).to.equal(0);
  });

  it('visitor.page and visitor.presence follow the visitor on their cards and side panels', () => {
    const chats = withCards(card(1), card(2));
    chats.contexts.set(1, { visitor: null, visit: { referrer: null, landingPage: '/', currentPage: '/', utm: null, online: true, startedAt: '2026-01-01T10:00:00.000Z' }, pages: [], previousChats: [], files: [] });
    chats.visitorPage({ name: 'visitor.page', clientId: 1, visitorId: 101, url: '/pricing', title: 'Pricing' }, '2026-01-01T10:05:00.000Z');
    expect(chats.cards.get(1)!.visitor.currentPage).to.equal('/pricing');
    expect(chats.cards.get(2)!.visitor.currentPage, 'another visitor').to.equal(null);
    expect(chats.contexts.get(1)!.visit!.currentPage).to.equal('/pricing');
    expect(chats.contexts.get(1)!.pages).to.deep.equal([{ url: '/pricing', title: 'Pricing', at: '2026-01-01T10:05:00.000Z' }]);
    chats.visitorPresence({ name: 'visitor.presence', clientId: 1, visitorId: 102, online: false });
    expect(chats.cards.get(2)!.visitor.online).to.equal(false);
    expect(chats.cards.get(1)!.visitor.online).to.equal(true);
  });

  it('filters are changed by actions: "mine", a website, an agent', () => {
    const chats = withCards(card(1, { status: 'active' }, [agent(ME)]), card(2, { status: 'active', clientId: 2 }, [agent(8)]));
    chats.setQuick('mine');
    expect(chats.active.map((c) => c.chat.id)).to.deep.equal([1]);
    chats.setQuick('all');
    chats.setClientFilter([2]);
    expect(chats.active.map((c) => c.chat.id)).to.deep.equal([2]);
    chats.setClientFilter([]);
    chats.setAgentFilter(ME);
    expect(chats.active.map((c) => c.chat.id)).to.deep.equal([1]);
    chats.open(1);
    chats.showList();
    expect(chats.activeId).to.equal(null);
    expect(chats.openIds).to.deep.equal([1]);
  });

  describe('a list or side-panel answer does not undo events that arrived while it travelled', () => {
    let held: ReturnType<typeof heldFetch>;
    beforeEach(() => (held = heldFetch()));
    afterEach(() => held.restore());

    it('a chat joined and one created meanwhile stay as the events left them; untouched cards take the answer', async () => {
      const chats = withCards(card(1), card(2), card(3));
      const loading = chats.loadInbox();
      expect(held.waiting.map((w) => w.path)).to.deep.equal(['/api/inbox']);
      const joined = { name: 'agent.joined', clientId: 1, chatId: 1, agent: agent(ME) } as const;
      chats.eventArrived(joined);
      chats.agentJoined(joined);
      const created = chatCreated(5);
      chats.eventArrived(created);
      chats.chatCreated(created);
      // The server read its list before those events: chat 1 still waiting, 5 not there; 2 is gone, 3 changed.
      held.waiting[0]!.answer({ chats: [card(1), { ...card(3), unread: 4 }] });
      await loading;
      expect(chats.cards.get(1)!.chat.status).to.equal('active');
      expect(chats.cards.has(5)).to.equal(true);
      expect(chats.cards.has(2)).to.equal(false);
      expect(chats.cards.get(3)!.unread).to.equal(4);
    });

    it('a side-panel answer does not undo a join that arrived meanwhile; without one it brings the card up to date', async () => {
      const chats = withCards(card(1), card(2));
      const loading = chats.refreshContext(1);
      const joined = { name: 'agent.joined', clientId: 1, chatId: 1, agent: agent(ME) } as const;
      chats.eventArrived(joined);
      chats.agentJoined(joined);
      const context = { visitor: null, visit: null, pages: [], previousChats: [], files: [] };
      held.waiting[0]!.answer({ ...context, card: card(1) });
      await loading;
      expect(chats.cards.get(1)!.participants.map((p) => p.id)).to.deep.equal([ME]);
      expect(chats.contexts.has(1)).to.equal(true);
      const second = chats.refreshContext(2);
      held.waiting[1]!.answer({ ...context, card: { ...card(2), unread: 3 } });
      await second;
      expect(chats.cards.get(2)!.unread).to.equal(3);
    });

    it('a visitor event touches the cards of that visitor only', async () => {
      const chats = withCards(card(1), card(2));
      const loading = chats.loadInbox();
      const page = { name: 'visitor.page', clientId: 1, visitorId: 101, url: '/cart', title: null } as const;
      chats.eventArrived(page);
      chats.visitorPage(page);
      held.waiting[0]!.answer({ chats: [card(1), { ...card(2), unread: 1 }] });
      await loading;
      expect(chats.cards.get(1)!.visitor.currentPage).to.equal('/cart');
      expect(chats.cards.get(2)!.unread).to.equal(1);
    });
  });
});
