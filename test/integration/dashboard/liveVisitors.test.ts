import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { connectAgent, connectVisitor } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { waitFor } from '../../helpers/wait.js';

/**
 * The live visitors page and "Start chat": who is browsing the user's websites now, and a
 * proactive greeting that reaches the visitor's socket as an ordinary agent message.
 */
describeEachDialect('live visitors and proactive chats', (dialect) => {
  const scene = withServer(dialect);
  let alex: ApiClient;
  let olga: ApiClient;
  let manager: ApiClient;
  let visitor: TestSocket;
  let visitorId: number;
  let clientId: number;
  const sockets: TestSocket[] = [];

  before(async () => {
    const a = await scene.f.client({ name: 'Site A', domains: ['example.test'] });
    const b = await scene.f.client({ name: 'Site B', domains: ['other.test'] });
    clientId = a.id;
    await scene.f.user('agent', { email: 'alex@example.test', pseudo_name: 'Alex' }, [a.id]);
    await scene.f.user('agent', { email: 'olga@example.test', pseudo_name: 'Olga' }, [b.id]);
    await scene.f.user('manager', { email: 'boss@example.test' });
    alex = await signedIn(scene.server.baseUrl, 'alex@example.test', TEST_PASSWORD);
    olga = await signedIn(scene.server.baseUrl, 'olga@example.test', TEST_PASSWORD);
    manager = await signedIn(scene.server.baseUrl, 'boss@example.test', TEST_PASSWORD);
    const v = await connectVisitor(scene.server.baseUrl, a.widget_key);
    visitor = v.socket;
    visitorId = v.session.visitorId;
    sockets.push(visitor);
    visitor.send({ type: 'page.view', url: 'https://example.test/shoes', title: 'Shoes' });
    await waitFor('the page view stored', async () => (await alex.get('/api/visitors/online')).body.visitors[0]?.currentPage === 'https://example.test/shoes', 5000, 50);
  });
  after(() => sockets.forEach((s) => s.close()));

  it('lists the visitors now on the user’s websites, with page, pages viewed and visit', async () => {
    const res = await alex.get('/api/visitors/online');
    expect(res.status).to.equal(200);
    expect(res.body.visitors).to.have.length(1);
    expect(res.body.visitors[0]).to.include({ visitorId, clientId, clientName: 'Site A', currentPage: 'https://example.test/shoes', openChatId: null });
    expect(res.body.visitors[0].pagesViewed, 'the landing page and /shoes').to.equal(2);
    expect((await olga.get('/api/visitors/online')).body.visitors).to.deep.equal([]);
    expect((await manager.get('/api/visitors/online')).body.visitors).to.have.length(1);
  });

  it('refuses a proactive chat to another website’s agent (404), a manager (403) and an empty greeting (422)', async () => {
    expect((await olga.post(`/api/visitors/${visitorId}/chat`, { body: 'Hi' })).status).to.equal(404);
    expect((await manager.post(`/api/visitors/${visitorId}/chat`, { body: 'Hi' })).status).to.equal(403);
    expect((await alex.post(`/api/visitors/${visitorId}/chat`, { body: '   ' })).status).to.equal(422);
    expect(await scene.db.models.Chat.count({ where: { visitor_id: visitorId } })).to.equal(0);
  });

  it('delivers "Start chat" to the visitor’s socket as an agent message on a chat it now follows', async () => {
    const alexSocket = await connectAgent(scene.server.baseUrl, alex.cookie!);
    sockets.push(alexSocket);
    await alexSocket.request({ type: 'subscribe', channel: `visitors.${clientId}` });
    const res = await alex.post(`/api/visitors/${visitorId}/chat`, { body: 'Hi! Looking for running shoes?' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.chat).to.include({ status: 'active', visitorId });
    const invited = await visitor.event('chat.invited');
    expect(invited.chat.id).to.equal(res.body.chat.id);
    expect(invited.agent.pseudoName).to.equal('Alex');
    const greeting = await visitor.event('message.created', (e) => e.chatId === res.body.chat.id);
    expect(greeting.message).to.include({ senderType: 'agent', senderName: 'Alex', body: 'Hi! Looking for running shoes?', internal: false });
    const created = await alexSocket.event('chat.created', (e) => e.chat.id === res.body.chat.id);
    expect(created.clientName).to.equal('Site A');

    // The visitor answers in that chat like any other.
    const reply = await visitor.request({ type: 'message.send', chatId: res.body.chat.id, clientMsgId: 'v-1', body: 'Yes please' });
    expect(reply.ok, JSON.stringify(reply)).to.equal(true);
    const again = await alex.post(`/api/visitors/${visitorId}/chat`, { body: 'Size?' });
    expect(again.status, 'the open chat is reused').to.equal(200);
    expect(again.body.chat.id).to.equal(res.body.chat.id);
    expect((await alex.get('/api/visitors/online')).body.visitors[0].openChatId).to.equal(res.body.chat.id);
  });

  it('lets a visitor listen on its own visitor channel only, and no agent on any', async () => {
    expect((await visitor.request({ type: 'subscribe', channel: `visitor.${visitorId}` })).ok).to.equal(true);
    const foreign = await visitor.request({ type: 'subscribe', channel: `visitor.${visitorId + 1}` });
    expect(foreign.ok).to.equal(false);
    expect(foreign.error.code).to.equal('forbidden_channel');
    const alexSocket = await connectAgent(scene.server.baseUrl, alex.cookie!);
    sockets.push(alexSocket);
    const byAgent = await alexSocket.request({ type: 'subscribe', channel: `visitor.${visitorId}` });
    expect(byAgent.ok).to.equal(false);
    expect(byAgent.error.code).to.equal('forbidden_channel');
  });
});
