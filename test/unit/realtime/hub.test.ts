import { expect } from 'chai';
import { createHub } from '../../../lib/realtime/hub.js';
import type { Connection, Identity } from '../../../lib/realtime/connection.js';
import type { LivechatEvent } from '../../../lib/protocol/events.js';

/** A connection that keeps the texts it is sent. */
function connection(id: string, identity: Identity) {
  const texts: string[] = [];
  const conn: Connection = { id, identity, channels: new Set(), ip: null, send: (frame) => void texts.push(JSON.stringify(frame)), sendText: (text) => void texts.push(text), close() {} };
  return { conn, texts };
}

const typing: LivechatEvent = { name: 'typing', clientId: 3, chatId: 7, from: 'visitor', agent: null, isTyping: true, draft: 'hel"lo\u2028' };
const message: LivechatEvent = {
  name: 'message.created',
  clientId: 3,
  chatId: 7,
  message: { id: 1, chatId: 7, seq: 1, clientMsgId: 'a', senderType: 'visitor', senderId: 5, senderName: 'Zoë "Z"', type: 'text', body: 'é\n<b>\u2028', internal: false, file: null, isRead: false, createdAt: '2026-12-03T00:00:00.000Z', replyToId: null, editedAt: null, deletedAt: null, reactions: [], delivered: false },
};

/** The hub serializes an event once per audience and wraps it per channel: the same text JSON.stringify gives for the frame. */
describe('the hub: one event to every subscriber', () => {
  it('sends each socket the frame JSON.stringify makes, once, on the first of its channels, visitors their own copy', () => {
    const hub = createHub();
    const visitor = connection('v', { kind: 'visitor', visitorId: 5, clientId: 3 });
    const agent = connection('a', { kind: 'agent', userId: 9, role: 'agent' });
    const follower = connection('f', { kind: 'agent', userId: 10, role: 'agent' });
    for (const c of [visitor, agent, follower]) hub.add(c.conn);
    hub.subscribe(visitor.conn, 'chat.7');
    hub.subscribe(agent.conn, 'chat.7');
    hub.subscribe(agent.conn, 'visitors.3');
    hub.subscribe(follower.conn, 'visitors.3');

    hub.deliver(message);
    expect(visitor.texts).to.deep.equal([JSON.stringify({ type: 'event', channel: 'chat.7', event: message })]);
    expect(agent.texts).to.deep.equal([JSON.stringify({ type: 'event', channel: 'chat.7', event: message })]);
    expect(follower.texts).to.deep.equal([JSON.stringify({ type: 'event', channel: 'visitors.3', event: message })]);

    // A visitor's draft goes to agents only: the visitor's copy has none.
    hub.deliver(typing);
    expect(visitor.texts).to.have.length(1);
    expect(agent.texts[1]).to.equal(JSON.stringify({ type: 'event', channel: 'chat.7', event: typing }));
    expect(follower.texts[1]).to.equal(JSON.stringify({ type: 'event', channel: 'visitors.3', event: typing }));
    expect(JSON.parse(follower.texts[1]).event.draft).to.equal('hel"lo\u2028');
  });
});
