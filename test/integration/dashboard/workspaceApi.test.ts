import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { quietFor } from '../../helpers/wait.js';

/**
 * The dashboard's own endpoints from outside: the inbox, a chat's side panel, global search,
 * saved replies and the bell, each scoped to the websites the user works on.
 */
describeEachDialect('dashboard workspace API', (dialect) => {
  const scene = withServer(dialect);
  const ids: Record<string, number> = {};
  let alex: ApiClient;
  let olga: ApiClient;
  let manager: ApiClient;
  let admin: ApiClient;
  const sockets: TestSocket[] = [];

  before(async () => {
    const { f } = scene;
    const a = await scene.f.client({ name: 'Site A', domains: ['example.test'] });
    const b = await f.client({ name: 'Site B', domains: ['other.test'] });
    const userA = await f.user('agent', { email: 'alex@example.test', pseudo_name: 'Alex', status: 'online' }, [a.id]);
    const userB = await f.user('agent', { email: 'olga@example.test', pseudo_name: 'Olga' }, [b.id]);
    await f.user('manager', { email: 'boss@example.test' });
    await f.user('super_admin', { email: 'root@example.test' });
    const visitorB = await f.visitor(b.id, { name: 'Bertha Secret', email: 'bertha@other.test', phone: '+44 20 7946 0000' });
    const chatB = await f.chat(b.id, visitorB.id);
    await f.message(chatB.id, { body: 'the zebra password is hunter2' });
    Object.assign(ids, { a: a.id, b: b.id, userA: userA.id, userB: userB.id, chatB: chatB.id, visitorB: visitorB.id, widgetA: 0 });
    (ids as Record<string, unknown>).widgetKeyA = a.widget_key;
    alex = await signedIn(scene.server.baseUrl, 'alex@example.test', TEST_PASSWORD);
    olga = await signedIn(scene.server.baseUrl, 'olga@example.test', TEST_PASSWORD);
    manager = await signedIn(scene.server.baseUrl, 'boss@example.test', TEST_PASSWORD);
    admin = await signedIn(scene.server.baseUrl, 'root@example.test', TEST_PASSWORD);
  });
  after(() => sockets.forEach((s) => s.close()));

  it('alerts exactly the agents of the website when a visitor opens a chat, and shows it in their inbox with its card', async () => {
    const alexSocket = await connectAgent(scene.server.baseUrl, alex.cookie!);
    const olgaSocket = await connectAgent(scene.server.baseUrl, olga.cookie!);
    sockets.push(alexSocket, olgaSocket);
    const { socket: visitor } = await connectVisitor(scene.server.baseUrl, (ids as Record<string, unknown>).widgetKeyA as string);
    sockets.push(visitor);
    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Vera Zebra', email: 'vera@example.test', phone: '+1 555 0100' }, message: 'Do you ship zebras?', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    ids.chatA = started.chat.id;

    const alert = await alexSocket.event('notification', (e) => e.notification.data.chatId === ids.chatA);
    expect(alert.notification.type).to.equal('chat_waiting');
    expect(alert.notification.data).to.include({ clientName: 'Site A', visitorName: 'Vera Zebra' });
    await quietFor(150); // Olga's copy, were she told, would come with Alex's
    expect(olgaSocket.events.filter((e) => e.name === 'notification')).to.deep.equal([]);

    const bell = await alex.get('/api/notifications');
    expect(bell.status).to.equal(200);
    expect(bell.body.unread).to.equal(1);
    expect(bell.body.notifications[0]).to.include({ type: 'chat_waiting', readAt: null });
    expect((await olga.get('/api/notifications')).body.unread).to.equal(0);
    expect((await manager.get('/api/notifications')).body.unread, 'managers are not rung').to.equal(0);

    const inbox = await alex.get('/api/inbox');
    expect(inbox.status).to.equal(200);
    expect(inbox.body.chats.map((c: any) => c.chat.id)).to.deep.equal([ids.chatA]);
    const card = inbox.body.chats[0];
    expect(card).to.deep.include({ clientName: 'Site A', unread: 1, participants: [] });
    expect(card.visitor).to.include({ name: 'Vera Zebra', online: true, currentPage: 'https://example.test/pricing' });
    expect(card.lastMessage).to.include({ body: 'Do you ship zebras?', senderType: 'visitor' });
  });

  it('marks only the caller’s own notifications read', async () => {
    const mine = (await alex.get('/api/notifications')).body.notifications[0];
    const foreign = await olga.post('/api/notifications/read', { ids: [mine.id] });
    expect(foreign.status).to.equal(200);
    expect(foreign.body.marked).to.equal(0);
    expect((await alex.get('/api/notifications')).body.unread).to.equal(1);
    const bad = await alex.post('/api/notifications/read', { ids: 'all' });
    expect(bad.status).to.equal(422);
    const done = await alex.post('/api/notifications/read', { all: true });
    expect(done.body).to.deep.equal({ marked: 1, unread: 0 });
  });

  it('gives a chat’s side panel (visit, pages, files) to its website’s agents and a 404 to others', async () => {
    const ctx = await alex.get(`/api/chats/${ids.chatA}/context`);
    expect(ctx.status).to.equal(200);
    expect(ctx.body.visitor, 'the lead form’s phone is stored normalised').to.include({ name: 'Vera Zebra', email: 'vera@example.test', phone: '+15550100' });
    expect(ctx.body.visit).to.include({ currentPage: 'https://example.test/pricing', online: true });
    expect(ctx.body.pages.map((p: any) => p.url), 'the visit began on the landing page').to.deep.equal(['https://example.test/pricing']);
    expect(ctx.body.files).to.deep.equal([]);
    const foreign = await alex.get(`/api/chats/${ids.chatB}/context`);
    expect(foreign.status).to.equal(404);
    expect(JSON.stringify(foreign.body)).to.not.include('Bertha');
    const messages = await alex.get(`/api/chats/${ids.chatA}/messages`);
    expect(messages.body.messages.find((m: any) => m.senderType === 'visitor').senderName).to.equal('Vera Zebra');
  });

  it('searches visitors and message text on the user’s own websites only', async () => {
    const mine = await alex.get('/api/search?q=zebra');
    expect(mine.status).to.equal(200);
    expect(mine.body.visitors.map((v: any) => v.name)).to.deep.equal(['Vera Zebra']);
    expect(mine.body.visitors[0].lastChatId).to.equal(ids.chatA);
    expect(mine.body.messages.map((m: any) => m.body)).to.deep.equal(['Do you ship zebras?']);
    expect(JSON.stringify(mine.body)).to.not.include('hunter2');
    const byPhone = await olga.get(`/api/search?q=${encodeURIComponent('7946')}`);
    expect(byPhone.body.visitors.map((v: any) => v.name)).to.deep.equal(['Bertha Secret']);
    expect((await olga.get('/api/search?q=zebra')).body.messages.map((m: any) => m.body)).to.deep.equal(['the zebra password is hunter2']);
    const all = await manager.get('/api/search?q=zebra');
    expect(all.body.messages).to.have.length(2);
    const literal = await alex.get('/api/search?q=%25%25');
    expect(literal.body).to.deep.equal({ visitors: [], messages: [] });
    expect((await alex.get('/api/search?q=z')).status).to.equal(422);
    expect((await new (alex.constructor as typeof ApiClient)(scene.server.baseUrl).get('/api/search?q=zebra')).status).to.equal(401);
  });

  it('lists closed chats a page at a time, searchable by visitor', async () => {
    const closedNone = await alex.get('/api/inbox?view=closed');
    expect(closedNone.body).to.deep.include({ chats: [], more: false });
    const visitor = await scene.f.visitor(ids.a, { name: 'Old Timer' });
    await scene.f.chat(ids.a, visitor.id, { status: 'closed', ended_at: new Date() });
    const closed = await alex.get('/api/inbox?view=closed&q=timer');
    expect(closed.body.chats.map((c: any) => c.visitor.name)).to.deep.equal(['Old Timer']);
    expect((await alex.get('/api/inbox?view=closed&q=vera')).body.chats).to.deep.equal([]);
    expect((await olga.get('/api/inbox?view=closed&q=timer')).body.chats).to.deep.equal([]);
  });

  it('keeps saved replies per website: agents write their websites’ ones, only super admins global ones, managers none', async () => {
    const global = await admin.post('/api/canned-responses', { clientId: null, shortcut: 'Hello', title: 'Greeting', body: 'Hello! How can I help?' });
    expect(global.status).to.equal(201);
    expect(global.body.cannedResponse).to.include({ shortcut: 'hello', clientId: null });
    const own = await alex.post('/api/canned-responses', { clientId: ids.a, shortcut: 'ship', title: 'Shipping', body: 'We ship worldwide.' });
    expect(own.status).to.equal(201);
    const foreign = await alex.post('/api/canned-responses', { clientId: ids.b, shortcut: 'x', title: 'x', body: 'x' });
    expect(foreign.status).to.equal(404);
    const globalByAgent = await alex.post('/api/canned-responses', { shortcut: 'x', title: 'x', body: 'x' });
    expect(globalByAgent.status).to.equal(403);
    const byManager = await manager.post('/api/canned-responses', { clientId: ids.a, shortcut: 'x', title: 'x', body: 'x' });
    expect(byManager.status).to.equal(403);
    const invalid = await alex.post('/api/canned-responses', { clientId: ids.a, shortcut: 'has space', title: '', body: 'x' });
    expect(invalid.status).to.equal(422);
    const olgas = await olga.post('/api/canned-responses', { clientId: ids.b, shortcut: 'secret', title: 'B only', body: 'for B' });
    expect(olgas.status).to.equal(201);

    const list = await alex.get('/api/canned-responses');
    expect(list.body.cannedResponses.map((c: any) => c.shortcut)).to.deep.equal(['hello', 'ship']);
    expect((await alex.get(`/api/canned-responses?clientId=${ids.b}`)).status).to.equal(404);
    expect((await alex.patch(`/api/canned-responses/${olgas.body.cannedResponse.id}`, { body: 'mine now' })).status).to.equal(404);
    expect((await alex.delete(`/api/canned-responses/${olgas.body.cannedResponse.id}`)).status).to.equal(404);
    expect((await alex.patch(`/api/canned-responses/${global.body.cannedResponse.id}`, { body: 'changed' })).status).to.equal(403);
    expect((await alex.patch(`/api/canned-responses/${own.body.cannedResponse.id}`, { clientId: ids.b })).status, 'moving it to a foreign website').to.equal(404);
    const edited = await alex.patch(`/api/canned-responses/${own.body.cannedResponse.id}`, { body: 'We ship to 40 countries.' });
    expect(edited.status).to.equal(200);
    expect(edited.body.cannedResponse.body).to.equal('We ship to 40 countries.');
    const removed = await alex.delete(`/api/canned-responses/${own.body.cannedResponse.id}`);
    expect(removed.status, JSON.stringify(removed.body)).to.equal(204);
    expect((await alex.get('/api/canned-responses')).body.cannedResponses.map((c: any) => c.shortcut)).to.deep.equal(['hello']);
  });

  it('pages a chat’s messages backwards from the latest, in seq order', async () => {
    const visitor = await scene.f.visitor(ids.a, { name: 'Long Talker' });
    const chat = await scene.f.chat(ids.a, visitor.id);
    for (let i = 1; i <= 7; i++) await scene.f.message(chat.id, { body: `m${i}` });
    const latest = await alex.get(`/api/chats/${chat.id}/messages?beforeSeq=1000000&limit=3`);
    expect(latest.body.messages.map((m: any) => m.body)).to.deep.equal(['m5', 'm6', 'm7']);
    const earlier = await alex.get(`/api/chats/${chat.id}/messages?beforeSeq=5&limit=3`);
    expect(earlier.body.messages.map((m: any) => m.seq)).to.deep.equal([2, 3, 4]);
    const first = await alex.get(`/api/chats/${chat.id}/messages?beforeSeq=2&limit=3`);
    expect(first.body.messages.map((m: any) => m.seq)).to.deep.equal([1]);
    expect((await alex.get(`/api/chats/${chat.id}/messages?beforeSeq=0`)).status).to.equal(422);
    expect((await olga.get(`/api/chats/${chat.id}/messages?beforeSeq=5`)).status).to.equal(404);
  });
});
