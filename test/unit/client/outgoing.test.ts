import { expect } from 'chai';
import { useChats } from '../../../client/src/stores/chats.js';
import { groupMessages } from '../../../client/src/components/messageGroups.js';
import { message, signedInAs } from './fixtures.js';

const ME = 7;

describe('dashboard chats store: the agent\'s messages on their way', () => {
  it('shows a sent message as pending until the stored one (same clientMsgId) arrives, once', () => {
    signedInAs(ME);
    const chats = useChats();
    chats.messages.set(1, []);
    chats.queued({ chatId: 1, clientMsgId: 'c-1', body: 'Hello', internal: false });
    chats.queued({ chatId: 1, clientMsgId: 'c-2', body: 'Still there?', internal: false });
    chats.queued({ chatId: 1, clientMsgId: 'c-1', body: 'Hello', internal: false });
    expect(chats.outgoing.get(1)!.map((o) => [o.clientMsgId, o.status])).to.deep.equal([['c-1', 'pending'], ['c-2', 'pending']]);

    chats.addMessage(message(1, 1, { clientMsgId: 'c-1', senderType: 'agent', senderId: ME, body: 'Hello' }));
    expect(chats.outgoing.get(1)!.map((o) => o.clientMsgId)).to.deep.equal(['c-2']);
    chats.sendFailed(1, 'c-2', 'This chat is closed.');
    expect(chats.outgoing.get(1)![0]).to.include({ status: 'failed', error: 'This chat is closed.' });
    chats.queued({ chatId: 1, clientMsgId: 'c-2', body: 'Still there?', internal: false });
    expect(chats.outgoing.get(1)![0]).to.include({ status: 'pending', error: null });
  });
});

describe('dashboard message groups', () => {
  it('starts a group where the sender changes (a note apart from a reply), and marks the reader\'s own', () => {
    const list = [
      message(1, 1),
      message(1, 2),
      message(1, 3, { senderType: 'agent', senderId: ME }),
      message(1, 4, { senderType: 'agent', senderId: ME, internal: true }),
      message(1, 5, { senderType: 'agent', senderId: 9 }),
      message(1, 6, { senderType: 'system', type: 'system' }),
      message(1, 7, { senderType: 'agent', senderId: 9 }),
    ];
    expect(groupMessages(list, ME).map((s) => [s.message.seq, s.first, s.mine])).to.deep.equal([
      [1, true, false],
      [2, false, false],
      [3, true, true],
      [4, true, true],
      [5, true, false],
      [6, true, false],
      [7, true, false],
    ]);
  });
});
