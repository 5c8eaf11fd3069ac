import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { connectAgent } from '../../helpers/visitors.js';
import { TestSocket } from '../../helpers/rtclient.js';
import { fileScene, SITE_ORIGIN, type FileScene } from '../../fixtures/files/scene.js';
import * as samples from '../../fixtures/files/samples.js';

const NOTE = 'Internal: her card was declined twice, do not offer the discount';

/**
 * clientMsgId makes a resend safe: the resend gets the first answer. That answer may only ever be
 * the sender's own message in the same chat. Another sender's id (here an agent's internal note,
 * whose id a visitor may guess or learn) is a conflict: a clear error, nothing of the other message
 * revealed, nothing stored.
 */
describeEachDialect('idempotency answers only the same sender', (dialect) => {
  let scene: FileScene;
  const sockets: TestSocket[] = [];
  before(async () => {
    scene = await fileScene(dialect, { files: { uploadsPerMinute: 1000 } });
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await scene.close();
  });

  /** A visitor's chat where Alex has written an internal note under clientMsgId `noteId`. */
  async function chatWithNote(noteId: string) {
    const chat = await scene.visitorChat({ joined: ['alex'] });
    const alex = await connectAgent(scene.server.baseUrl, (await scene.api('alex')).cookie!);
    sockets.push(alex);
    const note = await alex.request({ type: 'message.send', chatId: chat.chatId, clientMsgId: noteId, body: NOTE, internal: true });
    expect(note.ok, JSON.stringify(note)).to.equal(true);
    const visitor = await TestSocket.connect(`${scene.server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(chat.token)}`, { origin: SITE_ORIGIN });
    sockets.push(visitor);
    return { ...chat, alex, visitor, noteMessageId: note.id as number };
  }

  const rows = (chatId: number) => scene.db.models.Message.findAll({ where: { chat_id: chatId }, order: [['seq', 'ASC']] });

  it('refuses a visitor upload that reuses an internal note clientMsgId: 409, no note content, no file stored', async () => {
    const { token, chatId, noteMessageId } = await chatWithNote('note-upload-1');
    const files = scene.storedFiles().length;
    const res = await scene.visitorUpload(token, chatId, samples.pdf(), 'x.pdf', { clientMsgId: 'note-upload-1' });
    expect(res.status, JSON.stringify(res.body)).to.equal(409);
    expect(res.body.error.code).to.equal('client_msg_id_taken');
    expect(res.body.error.message).to.match(/new clientMsgId/);
    const text = JSON.stringify(res.body);
    expect(text).to.not.include('declined');
    expect(text).to.not.include(String(noteMessageId));
    expect(res.body.message).to.equal(undefined);
    expect((await rows(chatId)).map((m) => m.client_msg_id)).to.deep.equal(['note-upload-1']);
    expect(scene.storedFiles().length).to.equal(files);
  });

  it('refuses a visitor message.send that reuses an internal note clientMsgId, and the visitor own resend still gets the first ack', async () => {
    const { chatId, visitor, noteMessageId } = await chatWithNote('note-send-1');
    const reply = await visitor.request({ type: 'message.send', chatId, clientMsgId: 'note-send-1', body: 'show me' });
    expect(reply.ok, JSON.stringify(reply)).to.equal(false);
    expect(reply.error.code).to.equal('client_msg_id_taken');
    expect(JSON.stringify(reply)).to.not.include('declined');
    expect(reply.id).to.equal(undefined);
    expect(JSON.stringify(reply)).to.not.include(`"id":${noteMessageId}`);

    const first = await visitor.request({ type: 'message.send', chatId, clientMsgId: 'mine-1', body: 'hello' });
    const again = await visitor.request({ type: 'message.send', chatId, clientMsgId: 'mine-1', body: 'hello' });
    expect(first.ok && again.ok, JSON.stringify([first, again])).to.equal(true);
    expect(again).to.include({ id: first.id, seq: first.seq, duplicate: true });
    expect((await rows(chatId)).map((m) => [m.client_msg_id, m.sender_type])).to.deep.equal([
      ['note-send-1', 'agent'],
      ['mine-1', 'visitor'],
    ]);
  });

  it('refuses a visitor chat.start whose first message reuses an internal note clientMsgId', async () => {
    const { chatId, visitor } = await chatWithNote('note-start-1');
    const reply = await visitor.request({ type: 'chat.start', message: 'again', clientMsgId: 'note-start-1' });
    expect(reply.ok, JSON.stringify(reply)).to.equal(false);
    expect(reply.error.code).to.equal('client_msg_id_taken');
    expect((await rows(chatId)).map((m) => m.client_msg_id)).to.deep.equal(['note-start-1']);
  });

  it('refuses an agent message.send or upload that reuses the visitor clientMsgId', async () => {
    const { chatId, visitor, alex } = await chatWithNote('note-agent-1');
    const sent = await visitor.request({ type: 'message.send', chatId, clientMsgId: 'visitor-1', body: 'my address is 1 Main St' });
    expect(sent.ok).to.equal(true);
    const reply = await alex.request({ type: 'message.send', chatId, clientMsgId: 'visitor-1', body: 'x' });
    expect(reply.ok).to.equal(false);
    expect(reply.error.code).to.equal('client_msg_id_taken');
    const upload = await scene.agentUpload('alex', chatId, samples.pdf(), 'a.pdf', undefined, 'visitor-1');
    expect(upload.status, JSON.stringify(upload.body)).to.equal(409);
    expect(JSON.stringify(upload.body)).to.not.include('Main St');
  });

  it('refuses a proactive chat message that reuses the visitor clientMsgId, and answers the agent own resend with the first message', async () => {
    const { chatId, visitorId, visitor } = await chatWithNote('note-proactive-1');
    expect((await visitor.request({ type: 'message.send', chatId, clientMsgId: 'visitor-p1', body: 'my card number is 4111' })).ok).to.equal(true);
    const api = await scene.api('alex');
    const taken = await api.post(`/api/visitors/${visitorId}/chat`, { body: 'Hello!', clientMsgId: 'visitor-p1' });
    expect(taken.status, JSON.stringify(taken.body)).to.equal(409);
    expect(taken.body.error.code).to.equal('client_msg_id_taken');
    expect(JSON.stringify(taken.body)).to.not.include('4111');
    const first = await api.post(`/api/visitors/${visitorId}/chat`, { body: 'Can I help?', clientMsgId: 'alex-p1' });
    const again = await api.post(`/api/visitors/${visitorId}/chat`, { body: 'Can I help?', clientMsgId: 'alex-p1' });
    expect([first.status, again.status], JSON.stringify([first.body, again.body])).to.deep.equal([200, 200]);
    expect(again.body.message.id).to.equal(first.body.message.id);
    expect((await rows(chatId)).map((m) => m.client_msg_id)).to.deep.equal(['note-proactive-1', 'visitor-p1', 'alex-p1']);
  });

  // Every message takes one pipeline with one set of rules (domain/chats/messageRules.ts), so a text
  // and a file get the same answers. Two cases where the paths used to answer differently:
  const visitorSocket = async (token: string) => {
    const socket = await TestSocket.connect(`${scene.server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`, { origin: SITE_ORIGIN });
    sockets.push(socket);
    return socket;
  };

  it('answers a resend into a chat closed since with the first message, for a file as for a text, storing each once', async () => {
    const { token, chatId } = await scene.visitorChat({ joined: ['alex'] });
    const visitor = await visitorSocket(token);
    const text = await visitor.request({ type: 'message.send', chatId, clientMsgId: 'text-1', body: 'my order number is 1234' });
    const upload = await scene.visitorUpload(token, chatId, samples.pdf(), 'invoice.pdf', { clientMsgId: 'file-1' });
    expect([text.ok, upload.status], JSON.stringify(upload.body)).to.deep.equal([true, 201]);
    const files = scene.storedFiles().length;
    await scene.db.models.Chat.update({ status: 'closed', ended_at: new Date() }, { where: { id: chatId } });

    // The connection lost the first answers and sends both again.
    const textAgain = await visitor.request({ type: 'message.send', chatId, clientMsgId: 'text-1', body: 'my order number is 1234' });
    const uploadAgain = await scene.visitorUpload(token, chatId, samples.pdf(), 'invoice.pdf', { clientMsgId: 'file-1' });
    expect(textAgain, JSON.stringify(textAgain)).to.include({ ok: true, id: text.id, duplicate: true });
    expect(uploadAgain.status, JSON.stringify(uploadAgain.body)).to.equal(200);
    expect(uploadAgain.body).to.deep.include({ duplicate: true });
    expect(uploadAgain.body.message.id).to.equal(upload.body.message.id);
    expect(scene.storedFiles().length).to.equal(files);

    // Something new is still refused: the chat is closed.
    const fresh = await scene.visitorUpload(token, chatId, samples.pdf(), 'another.pdf', { clientMsgId: 'file-2' });
    expect([fresh.status, fresh.body.error?.code]).to.deep.equal([409, 'chat_closed']);
    expect((await rows(chatId)).map((m) => [m.client_msg_id, m.message_type])).to.deep.equal([
      ['text-1', 'text'],
      ['file-1', 'file'],
    ]);
  });

  it("refuses a visitor's message.send marked internal (notes_for_agents) and stores nothing", async () => {
    const { token, chatId } = await scene.visitorChat({ joined: ['alex'] });
    const visitor = await visitorSocket(token);
    const reply = await visitor.request({ type: 'message.send', chatId, clientMsgId: 'secret-1', body: 'only for agents?', internal: true });
    expect(reply.ok, JSON.stringify(reply)).to.equal(false);
    expect(reply.error.code).to.equal('notes_for_agents');
    expect(reply.error.message).to.match(/without `internal`/);
    expect(await rows(chatId)).to.have.length(0);
    const plain = await visitor.request({ type: 'message.send', chatId, clientMsgId: 'secret-1', body: 'for everyone then' });
    expect(plain, JSON.stringify(plain)).to.include({ ok: true, seq: 1, duplicate: false });
  });
});
