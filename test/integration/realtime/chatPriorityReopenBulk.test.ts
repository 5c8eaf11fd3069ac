import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { signedIn } from '../../helpers/http.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { connectAgent, connectVisitor } from '../../helpers/visitors.js';

describeEachDialect('chat priority, reopen and bulk close', (dialect) => {
  const scene = withServer(dialect);
  const sockets: TestSocket[] = [];
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));

  /** A website with two agents (each with a socket on its list) and a manager, and another website with its agent. */
  async function site() {
    const client = await scene.f.client();
    const [ann, ben, boss] = [await scene.f.user('agent', { pseudo_name: 'Ann' }, [client.id]), await scene.f.user('agent', {}, [client.id]), await scene.f.user('manager', {}, [client.id])];
    const outsider = await scene.f.user('agent', {}, [(await scene.f.client()).id]);
    const api = async (u: { email: string }) => signedIn(scene.server.baseUrl, u.email, TEST_PASSWORD);
    const annApi = await api(ann);
    const annSocket = await connectAgent(scene.server.baseUrl, annApi.cookie!);
    const benSocket = await connectAgent(scene.server.baseUrl, (await api(ben)).cookie!);
    const outsiderApi = await api(outsider);
    const outsiderSocket = await connectAgent(scene.server.baseUrl, outsiderApi.cookie!);
    const bossSocket = await connectAgent(scene.server.baseUrl, (await api(boss)).cookie!);
    sockets.push(annSocket, benSocket, outsiderSocket, bossSocket);
    await benSocket.request({ type: 'subscribe', channel: `visitors.${client.id}` });
    return { client, annApi, annSocket, benSocket, outsiderApi, outsiderSocket, bossSocket };
  }
  const waitingChat = async (clientId: number, startedAt: Date) => {
    const visitor = await scene.f.visitor(clientId);
    return scene.f.chat(clientId, visitor.id, { status: 'waiting', started_at: startedAt });
  };

  it('sorts urgent waiting chats first; a priority change reaches the other agents at once; a manager or another website cannot change it', async () => {
    const { client, annApi, annSocket, benSocket, outsiderSocket, bossSocket } = await site();
    const t = Date.now() - 60 * 60_000;
    const oldest = await waitingChat(client.id, new Date(t));
    const middle = await waitingChat(client.id, new Date(t + 60_000));
    const newest = await waitingChat(client.id, new Date(t + 120_000));

    const set = await annSocket.request({ type: 'chat.priority', chatId: newest.id, priority: 'urgent' });
    expect(set.ok).to.equal(true);
    expect(set.chat.priority).to.equal('urgent');
    const seen = await benSocket.event('chat.updated', (e) => e.chatId === newest.id);
    expect(seen).to.deep.include({ change: 'priority', clientId: client.id });
    expect(seen.chat.priority).to.equal('urgent');
    await annSocket.request({ type: 'chat.priority', chatId: middle.id, priority: 'high' });

    const inbox = await annApi.get('/api/inbox?view=open');
    expect(inbox.body.chats.map((c: any) => c.chat.id)).to.deep.equal([newest.id, middle.id, oldest.id]);
    expect(inbox.body.chats.map((c: any) => c.chat.priority)).to.deep.equal(['urgent', 'high', 'medium']);

    const foreign = await outsiderSocket.request({ type: 'chat.priority', chatId: oldest.id, priority: 'urgent' });
    expect(foreign.error.code).to.equal('not_found');
    const manager = await bossSocket.request({ type: 'chat.priority', chatId: oldest.id, priority: 'urgent' });
    expect(manager.error.code).to.equal('forbidden');
    const bad = await annSocket.request({ type: 'chat.priority', chatId: oldest.id, priority: 'critical' });
    expect(bad.ok).to.equal(false);
    expect((await scene.db.models.Chat.findByPk(oldest.id))!.priority).to.equal('medium');
  });

  it('reopens a closed chat: it waits again with its history and a line saying who, and its visitor is told; never beside another open chat', async () => {
    const { client, annSocket, benSocket, outsiderSocket } = await site();
    const v = await connectVisitor(scene.server.baseUrl, client.widget_key);
    sockets.push(v.socket);
    const started = await v.socket.request({ type: 'chat.start', lead: { name: 'Rita', email: 'rita@example.test' }, message: 'My order?', clientMsgId: 'm-1' });
    const chatId = started.chat.id;
    await v.socket.request({ type: 'chat.close', chatId });

    expect((await outsiderSocket.request({ type: 'chat.reopen', chatId })).error.code).to.equal('not_found');
    const reopened = await annSocket.request({ type: 'chat.reopen', chatId });
    expect(reopened).to.deep.include({ ok: true, reopened: true });
    expect(reopened.chat).to.deep.include({ status: 'waiting', endedAt: null });
    expect((await benSocket.event('chat.updated', (e) => e.chatId === chatId && e.change === 'reopened')).chat.status).to.equal('waiting');
    expect((await v.socket.event('chat.updated', (e) => e.chatId === chatId)).chat.status).to.equal('waiting');
    const lines = await scene.db.models.Message.findAll({ where: { chat_id: chatId }, order: [['seq', 'ASC']] });
    expect(lines.map((m) => m.body)).to.deep.equal(['My order?', 'Chat closed by the visitor', 'Chat reopened by Ann']);
    // Reopening an open chat changes nothing.
    expect(await annSocket.request({ type: 'chat.reopen', chatId })).to.deep.include({ ok: true, reopened: false });

    // The visitor has another chat going on: the old one stays closed.
    await annSocket.request({ type: 'chat.close', chatId });
    const visitorId = (await scene.db.models.Chat.findByPk(chatId))!.visitor_id;
    await scene.f.chat(client.id, visitorId, { status: 'waiting' });
    const refused = await annSocket.request({ type: 'chat.reopen', chatId });
    expect(refused.error.code).to.equal('visitor_has_open_chat');
    expect((await scene.db.models.Chat.findByPk(chatId))!.status).to.equal('closed');
  });

  it('closes the chats selected in bulk, each told as closed; one chat of another website and nothing is closed (404)', async () => {
    const { client, annApi, benSocket, outsiderApi } = await site();
    const a = await waitingChat(client.id, new Date());
    const b = await waitingChat(client.id, new Date());
    const foreign = await waitingChat((await scene.f.client()).id, new Date());

    const mixed = await annApi.post('/api/chats/bulk/close', { chatIds: [a.id, foreign.id] });
    expect(mixed.status).to.equal(404);
    expect((await scene.db.models.Chat.findByPk(a.id))!.status).to.equal('waiting');
    expect((await outsiderApi.post('/api/chats/bulk/close', { chatIds: [a.id] })).status).to.equal(404);
    expect((await annApi.post('/api/chats/bulk/close', { chatIds: [] })).status).to.equal(422);

    const done = await annApi.post('/api/chats/bulk/close', { chatIds: [a.id, b.id, a.id] });
    expect(done.status).to.equal(200);
    expect(done.body.closed).to.deep.equal([a.id, b.id]);
    await benSocket.event('chat.closed', (e) => e.chatId === a.id);
    await benSocket.event('chat.closed', (e) => e.chatId === b.id);
    const rows = await scene.db.models.Chat.findAll({ where: { id: [a.id, b.id] } });
    expect(rows.map((r) => [r.status, r.ended_by])).to.deep.equal([['closed', 'agent'], ['closed', 'agent']]);
    // Again: nothing left to close.
    expect((await annApi.post('/api/chats/bulk/close', { chatIds: [a.id] })).body.closed).to.deep.equal([]);
  });
});
