import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';

/** Training the engine at start-up takes about a second on a busy machine. */
const TRAINED_WITHIN_MS = 15_000;

describeEachDialect('AI analysis of visitor messages', (dialect) => {
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let widgetKey: string;
  let clientId: number;
  let emails: { agent: string; other: string };
  const sockets: TestSocket[] = [];

  before(async () => {
    install = await installFixture(dialect);
    const db = install.open();
    const f = factories(db);
    const client = await f.client({ domains: ['example.test'] });
    const otherClient = await f.client({ domains: ['other.test'] });
    widgetKey = client.widget_key;
    clientId = client.id;
    const agent = await f.user('agent', { pseudo_name: 'Alex', status: 'online' }, [client.id]);
    const other = await f.user('agent', { pseudo_name: 'Olga' }, [otherClient.id]);
    emails = { agent: agent.email, other: other.email };
    await db.close();
    server = await startTestServer(install, 0, { aiAnalysis: true });
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await server.close();
    await install.cleanup();
  });

  it('reads each visitor message after its ack (language, sentiment, intent, wants a human), tells the agents only, and keeps it with the message', async () => {
    const api: ApiClient = await signedIn(server.baseUrl, emails.agent, TEST_PASSWORD);
    const alex = await connectAgent(server.baseUrl, api.cookie!);
    sockets.push(alex);
    expect((await alex.request({ type: 'subscribe', channel: `visitors.${clientId}` })).ok).to.equal(true);
    const { socket: visitor } = await connectVisitor(server.baseUrl, widgetKey);
    sockets.push(visitor);

    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Vera', email: 'vera@example.test' }, message: 'Hola, ¿dónde está mi pedido?', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    const chatId = started.chat.id;
    const first = await alex.event('message.analyzed', (e) => e.chatId === chatId, TRAINED_WITHIN_MS);
    expect(first.analysis).to.include({ language: 'es', intent: 'order_status', wantsHuman: false });

    expect((await alex.request({ type: 'chat.join', chatId })).ok).to.equal(true);
    const reply = await alex.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'Let me check that for you' });
    const ack = await visitor.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'This is useless, I want to talk to a human now' });
    expect(ack.ok).to.equal(true);
    const angry = await alex.event('message.analyzed', (e) => e.analysis.messageId === ack.id);
    expect(angry.seq).to.equal(ack.seq);
    expect(angry.analysis).to.include({ language: 'en', polarity: 'negative', wantsHuman: true, intent: 'human' });
    expect(angry.analysis.sentiment).to.be.below(0);

    const page = await api.get(`/api/chats/${chatId}/messages`);
    expect(page.status).to.equal(200);
    const byMessage = new Map(page.body.analyses.map((a: { messageId: number }) => [a.messageId, a]));
    expect(byMessage.get(ack.id)).to.deep.equal(angry.analysis);
    expect(byMessage.has(first.analysis.messageId)).to.equal(true);
    expect(byMessage.has(reply.id), 'an agent message is not analysed').to.equal(false);
    expect(visitor.events.some((e) => e.name === 'message.analyzed'), 'the visitor received the analysis').to.equal(false);

    // Another website's agent sees neither the messages nor their readings.
    const olga = await signedIn(server.baseUrl, emails.other, TEST_PASSWORD);
    expect((await olga.get(`/api/chats/${chatId}/messages`)).status).to.equal(404);
  });
});
