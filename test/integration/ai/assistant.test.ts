import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';

/** The first reading waits for the engine's training at start-up. */
const TRAINED_WITHIN_MS = 15_000;

describeEachDialect('the website assistant', (dialect) => {
  const scene = withServer(dialect, {}, { aiAnalysis: true });
  const sockets: TestSocket[] = [];
  let admin: ApiClient;
  let agentApi: ApiClient;
  let clientId: number;
  let widgetKey: string;
  let agentId: number;

  before(async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    clientId = client.id;
    widgetKey = client.widget_key;
    const agent = await scene.f.user('agent', { status: 'offline' }, [client.id]);
    agentId = agent.id;
    const boss = await scene.f.user('super_admin');
    admin = await signedIn(scene.server.baseUrl, boss.email, TEST_PASSWORD);
    agentApi = await signedIn(scene.server.baseUrl, agent.email, TEST_PASSWORD);
    const kb = await admin.post('/api/knowledge-articles/import', { clientId, format: 'markdown', text: '# Shipping to Iceland\nTags: shipping, delivery\nWe ship to Iceland in 5 to 8 working days; customs are paid on delivery.\n' });
    expect(kb.status).to.equal(201);
  });
  after(() => sockets.forEach((s) => s.close()));

  const visitorChat = async (first: string) => {
    const { socket } = await connectVisitor(scene.server.baseUrl, widgetKey);
    sockets.push(socket);
    const started = await socket.request({ type: 'chat.start', lead: { name: 'Vera', email: 'vera@example.test' }, message: first, clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    return { socket, chatId: started.chat.id as number };
  };
  const automated = (socket: TestSocket, chatId: number, match: RegExp, timeoutMs = 5000) =>
    socket.event('message.created', (e) => e.chatId === chatId && e.message.type === 'system' && match.test(e.message.body ?? ''), timeoutMs);

  it('is off until set; only those who manage websites set it, with a clear error for a bad mode or an unknown website', async () => {
    expect((await agentApi.get(`/api/clients/${clientId}/assistant`)).body.assistant).to.deep.equal({ clientId, mode: 'off', name: 'Assistant' });
    expect((await agentApi.put(`/api/clients/${clientId}/assistant`, { mode: 'always', name: 'Robo' })).status).to.equal(403);
    const bad = await admin.put(`/api/clients/${clientId}/assistant`, { mode: 'sometimes', name: 'Robo' });
    expect(bad.status).to.equal(422);
    expect(JSON.stringify(bad.body)).to.match(/off, offline or always/);
    expect((await admin.put('/api/clients/999999/assistant', { mode: 'always', name: 'Robo' })).status).to.equal(404);
    const set = await admin.put(`/api/clients/${clientId}/assistant`, { mode: 'offline', name: 'Robo' });
    expect(set.status).to.equal(200);
    expect(set.body.assistant).to.deep.equal({ clientId, mode: 'offline', name: 'Robo' });
  });

  it('with no agent online, answers from the knowledge base under its name, says when it has no answer, and hands over a visitor who asks for a person with a summary', async () => {
    const { socket, chatId } = await visitorChat('How long does shipping to Iceland take?');
    const answer = await automated(socket, chatId, /^Robo \(automated\): /, TRAINED_WITHIN_MS);
    expect(answer.message.body).to.equal('Robo (automated): We ship to Iceland in 5 to 8 working days; customs are paid on delivery. (from "Shipping to Iceland")');

    expect((await socket.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'Can I pay with bitcoin on the moon?' })).ok).to.equal(true);
    await automated(socket, chatId, /not sure I have the answer.*talk to a person/);

    // (The agent stays offline: a dashboard connected would make them online, and the assistant step aside.)
    expect((await socket.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'Please let me talk to a real person' })).ok).to.equal(true);
    await automated(socket, chatId, /passing your request to our team/);
    const bell = await agentApi.get('/api/notifications');
    const told = bell.body.notifications.find((n: { type: string; data: { chatId: number } }) => n.type === 'chat_escalated' && n.data.chatId === chatId);
    expect(told, JSON.stringify(bell.body)).to.not.equal(undefined);
    expect(told.data.summary).to.match(/^Asks for a person: "Please let me talk to a real person"\. Before: .*bitcoin/);
  });

  it('stays out while an agent is online (offline mode) and once an agent has joined (always mode)', async () => {
    await scene.db.models.User.update({ status: 'online' }, { where: { id: agentId } });
    const quiet = await visitorChat('How long does shipping to Iceland take?');
    // The second message's reading comes after the assistant's turn for the first (one queue).
    const probe = await connectAgent(scene.server.baseUrl, agentApi.cookie!);
    sockets.push(probe);
    expect((await probe.request({ type: 'subscribe', channel: `visitors.${clientId}` })).ok).to.equal(true);
    const second = await quiet.socket.request({ type: 'message.send', chatId: quiet.chatId, clientMsgId: newMsgId(), body: 'hello?' });
    await probe.event('message.analyzed', (e) => e.analysis.messageId === second.id);
    expect(quiet.socket.events.some((e) => e.name === 'message.created' && /\(automated\)/.test(e.message.body ?? '')), 'the assistant answered with an agent online').to.equal(false);

    expect((await admin.put(`/api/clients/${clientId}/assistant`, { mode: 'always', name: 'Robo' })).status).to.equal(200);
    const first = await visitorChat('Hi there');
    await automated(first.socket, first.chatId, /Robo \(automated\): Hello! I am Robo/);
    expect((await probe.request({ type: 'chat.join', chatId: first.chatId })).ok).to.equal(true);
    const after = await first.socket.request({ type: 'message.send', chatId: first.chatId, clientMsgId: newMsgId(), body: 'How long does shipping to Iceland take?' });
    const third = await first.socket.request({ type: 'message.send', chatId: first.chatId, clientMsgId: newMsgId(), body: 'ok' });
    await probe.event('message.analyzed', (e) => e.analysis.messageId === third.id);
    const botLines = first.socket.events.filter((e) => e.name === 'message.created' && /\(automated\)/.test(e.message.body ?? '') && e.message.seq > after.seq);
    expect(botLines, 'the assistant spoke after an agent joined').to.deep.equal([]);
  });
});
