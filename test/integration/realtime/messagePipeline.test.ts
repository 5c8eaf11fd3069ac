import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { TestSocket } from '../../helpers/rtclient.js';
import { fileScene, SITE_ORIGIN, type FileScene } from '../../fixtures/files/scene.js';
import * as samples from '../../fixtures/files/samples.js';

/**
 * Every message takes one pipeline with one set of rules (domain/chats/messageRules.ts), so a text
 * and a file, sent over the socket or uploaded, get the same answers. Two cases where the paths
 * used to answer differently: a resend into a chat closed since, and a visitor asking for an
 * internal note.
 */
describeEachDialect('one message pipeline for texts and files', (dialect) => {
  let scene: FileScene;
  const sockets: TestSocket[] = [];
  before(async () => {
    scene = await fileScene(dialect, { files: { uploadsPerMinute: 1000 } });
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await scene.close();
  });

  const visitorSocket = async (token: string) => {
    const socket = await TestSocket.connect(`${scene.server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`, { origin: SITE_ORIGIN });
    sockets.push(socket);
    return socket;
  };
  const rows = (chatId: number) => scene.db.models.Message.findAll({ where: { chat_id: chatId }, order: [['seq', 'ASC']] });

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
