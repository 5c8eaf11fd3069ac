import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';

describeEachDialect('realtime conversation', (dialect) => {
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let widgetKey: string;
  let clientId: number;
  let emails: { a: string; b: string; other: string };
  const sockets: TestSocket[] = [];

  before(async () => {
    install = await installFixture(dialect);
    const db = install.open();
    const f = factories(db);
    const client = await f.client({ domains: ['example.test'] });
    const otherClient = await f.client({ domains: ['other.test'] });
    widgetKey = client.widget_key;
    clientId = client.id;
    const a = await f.user('agent', { pseudo_name: 'Alex', status: 'online' }, [client.id]);
    const b = await f.user('agent', { pseudo_name: 'Sam' }, [client.id]);
    const other = await f.user('agent', { pseudo_name: 'Olga' }, [otherClient.id]);
    emails = { a: a.email, b: b.email, other: other.email };
    await db.close();
    server = await startTestServer(install);
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await server.close();
    await install.cleanup();
  });

  const agent = async (email: string) => {
    const api = await signedIn(server.baseUrl, email, TEST_PASSWORD);
    const socket = await connectAgent(server.baseUrl, api.cookie!);
    sockets.push(socket);
    return socket;
  };

  it('carries a chat from waiting to active, with acks after commit, resends deduplicated and notes kept from the visitor', async () => {
    const alex = await agent(emails.a);
    const sam = await agent(emails.b);
    const olga = await agent(emails.other);
    expect((await alex.request({ type: 'subscribe', channel: `visitors.${clientId}` })).ok).to.equal(true);
    expect((await sam.request({ type: 'subscribe', channel: `visitors.${clientId}` })).ok).to.equal(true);
    const foreign = await olga.request({ type: 'subscribe', channel: `visitors.${clientId}` });
    expect(foreign.ok).to.equal(false);
    expect(foreign.error.code).to.equal('forbidden_channel');

    const { socket: visitor } = await connectVisitor(server.baseUrl, widgetKey);
    sockets.push(visitor);
    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Vera', email: 'vera@example.test', phone: '+1 555 0100' }, message: 'Hello?', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    expect(started.chat.status).to.equal('waiting');
    const chatId = started.chat.id;
    const created = await alex.event('chat.created', (e) => e.chat.id === chatId);
    expect(created.visitor.name).to.equal('Vera');

    const join = await alex.request({ type: 'chat.join', chatId });
    expect(join.ok).to.equal(true);
    expect(join.chat.status).to.equal('active');
    const joinedNote = await visitor.event('message.created', (e) => e.message.type === 'system' && /Alex joined/.test(e.message.body));
    expect(joinedNote.chatId).to.equal(chatId);
    expect((await sam.request({ type: 'chat.join', chatId })).ok).to.equal(true);
    await visitor.event('message.created', (e) => /Sam joined/.test(e.message.body ?? ''));

    const clientMsgId = newMsgId();
    const ack = await alex.request({ type: 'message.send', chatId, clientMsgId, body: 'Hi Vera, how can I help?' });
    expect(ack.ok).to.equal(true);
    expect(ack.seq).to.be.a('number');
    const again = await alex.request({ type: 'message.send', chatId, clientMsgId, body: 'Hi Vera, how can I help?' });
    expect(again).to.include({ ok: true, id: ack.id, seq: ack.seq, duplicate: true });
    const got = await visitor.event('message.created', (e) => e.message.id === ack.id);
    expect(got.message.senderName).to.equal('Alex');

    const note = await alex.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: '@Sam can you check her order?' });
    expect(note.ok).to.equal(true);
    const samSees = await sam.event('message.created', (e) => e.message.id === note.id);
    expect(samSees.message.internal).to.equal(true);
    const last = await visitor.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'Thanks' });
    await alex.event('message.created', (e) => e.message.id === last.id);
    expect(visitor.events.some((e) => e.name === 'message.created' && e.message.id === note.id), 'the visitor received an internal note').to.equal(false);

    const sync = await visitor.request({ type: 'sync', chats: { [chatId]: 0 } });
    expect(sync.ok).to.equal(true);
    const db = install.open();
    try {
      const rows = await db.models.Message.findAll({ where: { chat_id: chatId }, order: [['seq', 'ASC']] });
      expect(rows.map((r) => r.seq)).to.deep.equal(rows.map((_, i) => i + 1));
      expect(rows.filter((r) => r.client_msg_id === clientMsgId)).to.have.length(1);
      expect(sync.chats[chatId]).to.equal(rows[rows.length - 1].seq);
    } finally {
      await db.close();
    }
  });

  it('answers a malformed frame with an error and keeps the connection', async () => {
    const alex = await agent(emails.a);
    alex.send('{not json');
    const err = await alex.next((f) => f.type === 'error');
    expect(err.error.code).to.equal('bad_frame');
    const bad = await alex.request({ type: 'message.send', chatId: 'x' });
    expect(bad.ok).to.equal(false);
    expect(bad.error.code).to.equal('bad_frame');
    expect((await alex.request({ type: 'subscribe', channel: `agent.${alex.hello.userId}` })).ok).to.equal(true);
  });
});
