import { expect } from 'chai';
import { widgetState, type Change } from '../../../widget/app/state.js';
import type { ChatDTO, MessageDTO } from '../../../lib/protocol/dto.js';
import type { LivechatEvent } from '../../../lib/protocol/events.js';

const agent = { id: 3, pseudoName: 'Sam', avatarUrl: null };
const chat = (id: number, status: ChatDTO['status'] = 'active'): ChatDTO => ({ id, clientId: 1, visitorId: 9, status, leadFormFilled: true, serviceType: null, lastSeq: 0, startedAt: null, lastMessageAt: null, endedAt: null, endedBy: null, previousChatId: null, departmentId: null, assignedAgentId: null, priority: 'medium' });
const message = (chatId: number, seq: number, over: Partial<MessageDTO> = {}): MessageDTO => ({ id: chatId * 100 + seq, chatId, seq, clientMsgId: null, senderType: 'agent', senderId: 3, senderName: 'Sam', type: 'text', body: `m${seq}`, internal: false, file: null, isRead: false, createdAt: '2026-01-01T10:00:00.000Z', ...over });
const created = (m: MessageDTO): LivechatEvent => ({ name: 'message.created', clientId: 1, chatId: m.chatId, message: m });

/** A widget state in chat 1, with every change it reports. */
function inChat(opts: { live?: boolean; visible?: boolean } = {}) {
  const changes: Change[] = [];
  const store = widgetState({ online: false, soundOn: true, panel: 'composer', agents: [] }, (c) => changes.push(c));
  store.follow(chat(1));
  if (opts.live !== false) store.goLive();
  if (opts.visible) store.setVisible(true);
  changes.length = 0;
  return { store, state: store.state, changes, types: () => changes.map((c) => c.type) };
}

describe('widget state module: every change of the chat app\'s state, without a DOM', () => {
  it('an agent message in the chat: a line, unread, and news once the history is in', () => {
    const { store, state, changes } = inChat();
    store.event(created(message(1, 4)));
    expect(state.items.get('m104')).to.include({ seq: 4, senderType: 'agent', status: null });
    expect([...state.unread]).to.deep.equal([4]);
    expect(changes.map((c) => c.type)).to.deep.equal(['item', 'typing', 'news']);
    expect((changes[2] as Extract<Change, { type: 'news' }>).message.seq).to.equal(4);
  });

  it('the history replayed before going live counts unread but is not news; read ones and other chats are neither', () => {
    const { store, state, types } = inChat({ live: false });
    store.event(created(message(1, 1)));
    store.event(created(message(1, 2, { isRead: true })));
    store.event(created(message(2, 1)));
    expect([...state.unread]).to.deep.equal([1]);
    expect(types()).to.not.include('news');
    expect(state.items.size).to.equal(3);
  });

  it('an internal note never becomes a line', () => {
    const { store, state, changes } = inChat();
    store.event(created(message(1, 5, { internal: true })));
    expect(state.items.size).to.equal(0);
    expect(changes).to.deep.equal([]);
  });

  it('unread agent messages are reported read only when the visitor can see them, then once', () => {
    const { store, state } = inChat();
    store.event(created(message(1, 4)));
    store.event(created(message(1, 6)));
    expect(store.takeUnread(true), 'frame closed').to.equal(null);
    store.setVisible(true);
    expect(store.takeUnread(false), 'scrolled up or page hidden').to.equal(null);
    expect(store.takeUnread(true)).to.deep.equal({ chatId: 1, seq: 6 });
    expect(state.unread.size).to.equal(0);
    expect(store.takeUnread(true)).to.equal(null);
  });

  it('the visitor\'s message: a clock, then a check on the ack, a double check when the agent read it', () => {
    const { store, state, changes } = inChat();
    store.pending('c1', 1, 'hello');
    expect(state.items.get('c1')).to.include({ status: 'sending', body: 'hello', seq: null });
    expect(changes.at(-1)).to.include({ type: 'item', follow: true });
    store.acked('c1', { id: 107, seq: 7 });
    expect(state.items.get('c1')).to.include({ status: 'sent', id: 107, seq: 7 });
    store.event({ name: 'read', clientId: 1, chatId: 1, reader: 'visitor', agentId: null, seq: 7 });
    expect(state.items.get('c1')!.status, "the visitor's own read changes no tick").to.equal('sent');
    store.event({ name: 'read', clientId: 1, chatId: 1, reader: 'agent', agentId: 3, seq: 7 });
    expect(state.items.get('c1')!.status).to.equal('read');
  });

  it('its own message echoed back read before the ack arrives stays read', () => {
    const { store, state } = inChat();
    store.pending('c2', 1, 'hi');
    store.event(created(message(1, 8, { senderType: 'visitor', senderId: null, clientMsgId: 'c2', isRead: true })));
    store.acked('c2', { id: 108, seq: 8 });
    expect(state.items.get('c2')).to.include({ status: 'read', seq: 8 });
    expect(state.items.size, 'one line, keyed by clientMsgId').to.equal(1);
  });

  it('a refused message shows why; a key it does not hold changes nothing', () => {
    const { store, state, changes } = inChat();
    store.pending('c3', null, 'first');
    store.failed('c3', 'No agent can take this chat.');
    expect(state.items.get('c3')).to.include({ status: 'failed', error: 'No agent can take this chat.', progress: null });
    const before = changes.length;
    store.failed('nope', 'x');
    store.update('nope', { progress: 0.5 });
    store.acked('nope', { id: 1, seq: 1 });
    expect(changes.length).to.equal(before);
    expect(state.items.has('nope')).to.equal(false);
  });

  it('typing: an agent typing in this chat shows, in another chat or from the visitor it does not; a message ends it', () => {
    const { store, state } = inChat();
    store.event({ name: 'typing', clientId: 1, chatId: 2, from: 'agent', agent, isTyping: true, draft: null });
    store.event({ name: 'typing', clientId: 1, chatId: 1, from: 'visitor', agent: null, isTyping: true, draft: 'x' });
    expect(state.typing).to.equal(null);
    store.event({ name: 'typing', clientId: 1, chatId: 1, from: 'agent', agent, isTyping: true, draft: null });
    expect(state.typing).to.equal('Sam');
    store.event(created(message(1, 9)));
    expect(state.typing).to.equal(null);
  });

  it('an agent joining (or inviting) brings the team online and its avatar', () => {
    const { store, state, types } = inChat();
    store.event({ name: 'agent.joined', clientId: 1, chatId: 1, agent });
    expect(state.online).to.equal(true);
    expect(state.agents.get(3)).to.deep.equal(agent);
    expect(types()).to.deep.equal(['online']);
  });

  it("queue.position: this chat's place in the queue, until an agent has it", () => {
    const { store, state, types } = inChat();
    store.event({ name: 'queue.position', clientId: 1, chatId: 2, position: 1, estimatedWaitSeconds: null });
    expect(state.queue, 'another chat').to.equal(null);
    store.event({ name: 'queue.position', clientId: 1, chatId: 1, position: 2, estimatedWaitSeconds: 240 });
    expect(state.queue).to.deep.equal({ position: 2, estimatedWaitSeconds: 240 });
    store.event({ name: 'chat.assigned', clientId: 1, chatId: 1, agent: null, reason: 'timeout' });
    expect(state.queue, 'taken back: still waiting').to.deep.equal({ position: 2, estimatedWaitSeconds: 240 });
    store.event({ name: 'chat.assigned', clientId: 1, chatId: 1, agent, reason: 'routed' });
    expect(state.queue).to.equal(null);
    expect(types()).to.deep.equal(['queue', 'queue']);
  });

  it('a system "joined" line in this chat brings the team online too', () => {
    const { store, state } = inChat();
    store.event(created(message(2, 1, { senderType: 'system', type: 'system', body: 'Sam joined the chat' })));
    expect(state.online, 'another chat').to.equal(false);
    store.event(created(message(1, 1, { senderType: 'system', type: 'system', body: 'Sam joined the chat' })));
    expect(state.online).to.equal(true);
  });

  it('chat.closed: this chat closes once and the rating shows; another chat\'s close changes nothing', () => {
    const { store, state, types } = inChat();
    store.event({ name: 'chat.closed', clientId: 1, chatId: 2, endedBy: 'agent' });
    expect(state.chat!.status).to.equal('active');
    store.event({ name: 'chat.closed', clientId: 1, chatId: 1, endedBy: 'agent' });
    store.closedByVisitor();
    expect(state.chat!.status).to.equal('closed');
    expect(state.panel).to.equal('rating');
    expect(types()).to.deep.equal(['chat', 'panel']);
    store.setPanel('composer');
    expect(state.panel).to.equal('composer');
  });

  it('ended by the visitor: the same close, without waiting for the server\'s event', () => {
    const { store, state } = inChat();
    store.closedByVisitor();
    expect(state.chat!.status).to.equal('closed');
    expect(state.panel).to.equal('rating');
  });
});
