import { expect } from 'chai';
import { Op } from 'sequelize';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';

const lead = { name: 'Vera', email: 'vera@example.test', phone: '+1 555 0100' };

describeEachDialect('message tools: reply, edit, delete, react, delivered', (dialect) => {
  const scene = withServer(dialect);
  const sockets: TestSocket[] = [];
  after(() => sockets.forEach((s) => s.close()));
  const keep = <T extends TestSocket>(s: T) => (sockets.push(s), s);

  /** A website with an agent in a chat with a visitor, both sockets following it. */
  async function conversation() {
    const client = await scene.f.client({ domains: ['example.test'] });
    const user = await scene.f.user('agent', { status: 'online', pseudo_name: 'Alex' }, [client.id]);
    const api = await signedIn(scene.server.baseUrl, user.email, TEST_PASSWORD);
    const agent = keep(await connectAgent(scene.server.baseUrl, api.cookie!));
    const { socket: visitor, session } = await connectVisitor(scene.server.baseUrl, client.widget_key);
    keep(visitor);
    const { chat } = await visitor.request({ type: 'chat.start', lead });
    expect((await agent.request({ type: 'chat.join', chatId: chat.id })).ok).to.equal(true);
    return { client, user, agent, visitor, session, chatId: chat.id as number };
  }
  const send = async (s: TestSocket, chatId: number, body: string, extra: Record<string, unknown> = {}) => {
    const ack = await s.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body, ...extra });
    expect(ack.ok, JSON.stringify(ack)).to.equal(true);
    return ack as { id: number; seq: number };
  };

  it('replies, edits (once per clientChangeId, history for agents only), deletes, toggles reactions, and replays every change to a client that reconnects with an old seq', async () => {
    const { agent, visitor, session, client, chatId } = await conversation();
    const question = await send(visitor, chatId, 'Do you ship to Norway?');
    const position = question.seq;

    const answer = await send(agent, chatId, 'Yes, in 3 days', { replyToId: question.id });
    const seen = await visitor.event('message.created', (e) => e.message.id === answer.id);
    expect(seen.message.replyToId).to.equal(question.id);

    const editId = newMsgId();
    const edit = await visitor.request({ type: 'message.edit', chatId, messageId: question.id, clientChangeId: editId, body: 'Do you ship to Oslo?' });
    expect(edit, JSON.stringify(edit)).to.include({ ok: true, messageId: question.id, duplicate: false });
    expect(edit.seq).to.equal(answer.seq + 1);
    const again = await visitor.request({ type: 'message.edit', chatId, messageId: question.id, clientChangeId: editId, body: 'Do you ship to Oslo?' });
    expect(again).to.include({ ok: true, seq: edit.seq, duplicate: true });
    const edited = await agent.event('message.updated', (e) => e.seq === edit.seq);
    expect(edited).to.deep.include({ change: 'edit', chatId });
    expect(edited.message).to.include({ id: question.id, body: 'Do you ship to Oslo?' });
    expect(edited.message.editedAt).to.be.a('string');
    const history = await agent.request({ type: 'message.history', chatId, messageId: question.id });
    expect(history.changes).to.have.length(1);
    expect(history.changes[0]).to.include({ kind: 'edit', previousBody: 'Do you ship to Norway?' });
    expect((await visitor.request({ type: 'message.history', chatId, messageId: question.id })).error.code).to.equal('forbidden');

    const thumbsUp = await visitor.request({ type: 'message.react', chatId, messageId: answer.id, clientChangeId: newMsgId(), emoji: '👍' });
    expect(thumbsUp.ok, JSON.stringify(thumbsUp)).to.equal(true);
    const agentThumb = await agent.request({ type: 'message.react', chatId, messageId: answer.id, clientChangeId: newMsgId(), emoji: '👍' });
    const both = await visitor.event('message.updated', (e) => e.seq === agentThumb.seq);
    expect(both.message.reactions).to.deep.equal([{ emoji: '👍', by: [`visitor:${session.visitorId}`, `agent:${agent.hello.userId}`] }]);
    const untoggle = await visitor.request({ type: 'message.react', chatId, messageId: answer.id, clientChangeId: newMsgId(), emoji: '👍' });
    const one = await agent.event('message.updated', (e) => e.seq === untoggle.seq);
    expect(one.message.reactions).to.deep.equal([{ emoji: '👍', by: [`agent:${agent.hello.userId}`] }]);

    const removed = await agent.request({ type: 'message.delete', chatId, messageId: answer.id, clientChangeId: newMsgId() });
    expect(removed.ok, JSON.stringify(removed)).to.equal(true);
    const gone = await visitor.event('message.updated', (e) => e.seq === removed.seq);
    expect(gone.change).to.equal('delete');
    expect(gone.message.body).to.equal(null);
    expect(gone.message.deletedAt).to.be.a('string');
    const kept = await agent.request({ type: 'message.history', chatId, messageId: answer.id });
    expect(kept.changes.map((c: { kind: string; previousBody: string }) => [c.kind, c.previousBody])).to.deep.equal([['delete', 'Yes, in 3 days']]);
    const editDeleted = await agent.request({ type: 'message.edit', chatId, messageId: answer.id, clientChangeId: newMsgId(), body: 'x' });
    expect(editDeleted.error.code).to.equal('message_deleted');

    // An internal note and its edit are not the visitor's: the replay skips both.
    const note = await send(agent, chatId, 'check the warehouse', { internal: true });
    const noteEdit = await agent.request({ type: 'message.edit', chatId, messageId: note.id, clientChangeId: newMsgId(), body: 'check stock' });
    expect(noteEdit.ok).to.equal(true);

    // The visitor comes back on a new socket, holding the seq of its first message only.
    const { socket: back } = await connectVisitor(scene.server.baseUrl, client.widget_key, 'https://example.test', session.visitorKey);
    keep(back);
    expect((await back.request({ type: 'subscribe', channel: `chat.${chatId}` })).ok).to.equal(true);
    const sync = await back.request({ type: 'sync', chats: { [chatId]: position } });
    expect(sync.ok, JSON.stringify(sync)).to.equal(true);
    const replay = back.events.filter((e) => e.chatId === chatId && (e.name === 'message.created' || e.name === 'message.updated'));
    const seqs = replay.map((e) => (e.name === 'message.created' ? e.message.seq : e.seq));
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
    expect(replay.map((e) => e.change ?? 'created')).to.deep.equal(['created', 'edit', 'react', 'react', 'react', 'delete']);
    expect(replay.some((e) => e.message.id === note.id)).to.equal(false);
    const last = replay[replay.length - 1];
    expect(last.message).to.include({ id: answer.id, body: null });
    expect(sync.chats[chatId]).to.equal(noteEdit.seq);
  });

  it("refuses another's message, the edit window, a bad emoji or reply, and a visitor acting in another chat; changes nothing then", async () => {
    const { agent, visitor, chatId } = await conversation();
    const mine = await send(visitor, chatId, 'hello');
    const theirs = await send(agent, chatId, 'hi there');
    const ask = (s: TestSocket, frame: Record<string, unknown>) => s.request({ chatId, clientChangeId: newMsgId(), ...frame });

    expect((await ask(agent, { type: 'message.edit', messageId: mine.id, body: 'forged' })).error.code).to.equal('forbidden');
    expect((await ask(visitor, { type: 'message.delete', messageId: theirs.id })).error.code).to.equal('forbidden');
    const badEmoji = await ask(visitor, { type: 'message.react', messageId: theirs.id, emoji: '🦄' });
    expect(badEmoji.error.code).to.equal('invalid_input');
    expect(badEmoji.error.message).to.contain('👍');
    const badReply = await visitor.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'x', replyToId: 999_999 });
    expect(badReply.error.code).to.equal('invalid_input');

    // Sent 20 minutes ago: past the 15-minute window.
    await scene.db.models.Message.update({ created_at: new Date(Date.now() - 20 * 60_000) }, { where: { id: mine.id } });
    const late = await ask(visitor, { type: 'message.edit', messageId: mine.id, body: 'too late' });
    expect(late.error.code).to.equal('edit_window_closed');

    // Another visitor of another website: its chat is not found, whatever it tries.
    const other = await conversation();
    const stranger = other.visitor;
    expect((await stranger.request({ type: 'message.react', chatId, messageId: theirs.id, clientChangeId: newMsgId(), emoji: '👍' })).error.code).to.equal('not_found');
    expect((await stranger.request({ type: 'message.delete', chatId, messageId: mine.id, clientChangeId: newMsgId() })).error.code).to.equal('not_found');
    // A message of another chat, named in one's own: not found either.
    expect((await other.visitor.request({ type: 'message.react', chatId: other.chatId, messageId: theirs.id, clientChangeId: newMsgId(), emoji: '👍' })).error.code).to.equal('not_found');

    const row = (await scene.db.models.Message.findByPk(mine.id))!;
    expect(row.body).to.equal('hello');
    expect(row.edited_at).to.equal(null);
    expect(await scene.db.models.MessageChange.count({ where: { chat_id: chatId } })).to.equal(0);
  });

  it("takes a file its visitor deleted away from the visitor's downloads", async () => {
    const { visitor, session, chatId } = await conversation();
    const chat = (await scene.db.models.Chat.findByPk(chatId))!;
    const file = await scene.db.models.Message.create({ chat_id: chatId, seq: chat.last_seq + 1, sender_type: 'visitor', sender_id: session.visitorId, message_type: 'file', file_path: 'chat-files/x/photo.png', file_name: 'photo.png', file_size: 10, file_type: 'image/png' });
    await chat.update({ last_seq: chat.last_seq + 1 });
    const link = () => fetch(`${scene.server.baseUrl}/api/widget/files/${file.id}/link`, { method: 'POST', headers: { authorization: `Bearer ${session.token}`, origin: 'https://example.test' } });
    // No bytes were stored for this row: the visitor may ask, and is told the file is gone (410)...
    expect((await link()).status).to.equal(410);
    const removed = await visitor.request({ type: 'message.delete', chatId, messageId: file.id, clientChangeId: newMsgId() });
    expect(removed.ok, JSON.stringify(removed)).to.equal(true);
    // ...then, deleted, it is not theirs to ask for any more.
    expect((await link()).status).to.equal(404);
  });

  it('tells sent, delivered and read apart', async () => {
    const { agent, visitor, chatId } = await conversation();
    const sent = await send(agent, chatId, 'Your order left today');
    const stored = await visitor.event('message.created', (e) => e.message.id === sent.id);
    expect(stored.message).to.include({ delivered: false, isRead: false });
    expect((await visitor.request({ type: 'delivered', chatId, seq: sent.seq })).ok).to.equal(true);
    const delivered = await agent.event('delivered', (e) => e.chatId === chatId);
    expect(delivered).to.include({ reader: 'visitor', seq: sent.seq });
    let row = (await scene.db.models.Message.findByPk(sent.id))!;
    expect([Boolean(row.delivered_at), Boolean(row.is_read)]).to.deep.equal([true, false]);
    await visitor.request({ type: 'read', chatId, seq: sent.seq });
    await agent.event('read', (e) => e.chatId === chatId);
    row = (await scene.db.models.Message.findByPk(sent.id))!;
    expect([Boolean(row.delivered_at), Boolean(row.is_read)]).to.deep.equal([true, true]);
  });
});

describeEachDialect('message tools: a website set to remove deleted texts', (dialect) => {
  const scene = withServer(dialect, { chat: { deletedMessageContent: 'remove' } });
  const sockets: TestSocket[] = [];
  after(() => sockets.forEach((s) => s.close()));

  it('keeps nothing of a deleted text, not even for the audit', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const user = await scene.f.user('agent', { status: 'online' }, [client.id]);
    const agent = await connectAgent(scene.server.baseUrl, (await signedIn(scene.server.baseUrl, user.email, TEST_PASSWORD)).cookie!);
    const { socket: visitor } = await connectVisitor(scene.server.baseUrl, client.widget_key);
    sockets.push(agent, visitor);
    const { chat } = await visitor.request({ type: 'chat.start', lead });
    const sent = await visitor.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'my card number is 4242' });
    expect((await visitor.request({ type: 'message.delete', chatId: chat.id, messageId: sent.id, clientChangeId: newMsgId() })).ok).to.equal(true);
    expect((await agent.request({ type: 'chat.join', chatId: chat.id })).ok).to.equal(true);
    const history = await agent.request({ type: 'message.history', chatId: chat.id, messageId: sent.id });
    expect(history.changes.map((c: { kind: string; previousBody: string | null }) => [c.kind, c.previousBody])).to.deep.equal([['delete', null]]);
    const row = (await scene.db.models.Message.findByPk(sent.id))!;
    expect(row.body).to.equal(null);
    expect(await scene.db.models.MessageChange.count({ where: { message_id: sent.id, previous_body: { [Op.ne]: null } } })).to.equal(0);
  });
});
