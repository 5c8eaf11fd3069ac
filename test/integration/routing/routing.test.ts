import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { connectAgent, connectVisitor } from '../../helpers/visitors.js';
import { manualClock } from '../../helpers/manualClock.js';
import { waitFor } from '../../helpers/wait.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import type { Database } from '../../../lib/db/index.js';

describeEachDialect('chat routing: departments, round robin, least busy, caps, queue, hand-off', (dialect) => {
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: Database;
  let f: ReturnType<typeof factories>;
  let admin: ApiClient;
  const clock = manualClock(Date.now());
  const sockets: TestSocket[] = [];

  before(async () => {
    install = await installFixture(dialect);
    db = install.open();
    f = factories(db);
    const boss = await f.user('super_admin');
    server = await startTestServer(install, 0, { clock });
    admin = await signedIn(server.baseUrl, boss.email, TEST_PASSWORD);
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await server?.close();
    await db?.close();
    await install?.cleanup();
  });

  /** A website routed `mode`'s way, with `count` online agents (cap `maxChats`). */
  const website = async (mode: string, count: number, maxChats = 3, over: Record<string, unknown> = {}) => {
    const client = await f.client({ routing_mode: mode, ...over });
    const agents = [];
    for (let i = 0; i < count; i++) agents.push(await f.user('agent', { status: 'online', max_chats: maxChats }, [client.id]));
    return { client, agents };
  };
  const visitorStarts = async (widgetKey: string, lead?: Record<string, unknown>) => {
    const { socket } = await connectVisitor(server.baseUrl, widgetKey);
    sockets.push(socket);
    const started = await socket.request({ type: 'chat.start', message: 'Hello?', ...(lead ? { lead } : {}) });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    return { socket, chatId: started.chat.id as number };
  };
  const assignedTo = (chatId: number) => waitFor(`chat ${chatId} assigned`, async () => (await db.models.Chat.findByPk(chatId))!.assigned_agent_id);
  const queuedAt = (chatId: number) => waitFor(`chat ${chatId} queued`, async () => (await db.models.Chat.findByPk(chatId))!.queued_at);

  it('round robin gives chats in turn, skips busy agents and honours each cap', async () => {
    const { client, agents } = await website('round_robin', 3, 1);
    const [a, b, c] = agents;
    await c.update({ status: 'busy' });
    const first = await visitorStarts(client.widget_key);
    expect(await assignedTo(first.chatId)).to.equal(a.id);
    const second = await visitorStarts(client.widget_key);
    expect(await assignedTo(second.chatId)).to.equal(b.id);
    // a and b at their cap of 1, c busy: the third waits in the queue.
    const third = await visitorStarts(client.widget_key);
    await queuedAt(third.chatId);
    expect((await db.models.Chat.findByPk(third.chatId))!.assigned_agent_id).to.equal(null);
    expect((await third.socket.event('queue.position', (e) => e.chatId === third.chatId)).position).to.equal(1);
    // c back online: the queue moves to c.
    const c2 = await signedIn(server.baseUrl, c.email, TEST_PASSWORD);
    const cSocket = await connectAgent(server.baseUrl, c2.cookie!);
    sockets.push(cSocket);
    expect((await cSocket.request({ type: 'status.set', status: 'online' })).ok).to.equal(true);
    expect(await assignedTo(third.chatId)).to.equal(c.id);
    expect((await cSocket.event('notification', (e) => e.notification.data.chatId === third.chatId)).notification.type).to.equal('chat_waiting');
  });

  it('least busy gives the chat to the agent with the fewest open chats; a notify-all website assigns nobody', async () => {
    const { client, agents } = await website('least_busy', 3, 5);
    const [a, b, c] = agents;
    const someone = await f.visitor(client.id);
    for (const [agent, n] of [[a, 2], [b, 1], [c, 3]] as const) {
      for (let i = 0; i < n; i++) await f.chat(client.id, someone.id, { status: 'active', assigned_agent_id: agent.id });
    }
    const chat = await visitorStarts(client.widget_key);
    expect(await assignedTo(chat.chatId)).to.equal(b.id);
    const next = await visitorStarts(client.widget_key);
    expect(await assignedTo(next.chatId)).to.be.oneOf([a.id, b.id]);

    const plain = await website('notify_all', 2);
    const rung = await visitorStarts(plain.client.widget_key);
    await clock.advance(10);
    expect((await db.models.Chat.findByPk(rung.chatId))!.assigned_agent_id).to.equal(null);
    expect((await db.models.Chat.findByPk(rung.chatId))!.queued_at).to.equal(null);
  });

  it('shows each queued visitor their position and estimated wait, counting down as an agent frees up', async () => {
    const { client, agents } = await website('round_robin', 1, 1);
    // Recent first responses of 60 s: the estimate is 60 s per place in the queue.
    const past = await f.visitor(client.id);
    await f.chat(client.id, past.id, { status: 'closed', started_at: new Date(Date.now() - 3_600_000), first_response_at: new Date(Date.now() - 3_540_000) });
    const first = await visitorStarts(client.widget_key);
    expect(await assignedTo(first.chatId)).to.equal(agents[0].id);
    const second = await visitorStarts(client.widget_key);
    await queuedAt(second.chatId);
    const third = await visitorStarts(client.widget_key);
    const place = await third.socket.event('queue.position', (e) => e.chatId === third.chatId);
    expect(place).to.include({ position: 2, estimatedWaitSeconds: 120 });
    expect(second.socket.events.filter((e) => e.name === 'queue.position').at(-1)).to.include({ position: 1, estimatedWaitSeconds: 60 });
    // A visitor never hears of another's place in the queue.
    expect(second.socket.events.some((e) => e.name === 'queue.position' && e.chatId !== second.chatId)).to.equal(false);

    expect((await first.socket.request({ type: 'chat.close', chatId: first.chatId })).ok).to.equal(true);
    expect(await assignedTo(second.chatId)).to.equal(agents[0].id);
    expect(await second.socket.event('chat.assigned', (e) => e.chatId === second.chatId && e.agent?.id === agents[0].id)).to.include({ reason: 'routed' });
    expect(await third.socket.event('queue.position', (e) => e.chatId === third.chatId && e.position === 1)).to.include({ estimatedWaitSeconds: 60 });
  });

  it('offers a chat not joined within the timeout to the next agent, and keeps it with the agent who joins', async () => {
    const { client, agents } = await website('round_robin', 2, 3, { accept_timeout_seconds: 30 });
    const [a, b] = agents;
    const chat = await visitorStarts(client.widget_key);
    expect(await assignedTo(chat.chatId)).to.equal(a.id);
    await clock.advance(29_000);
    expect((await db.models.Chat.findByPk(chat.chatId))!.assigned_agent_id).to.equal(a.id);
    await clock.advance(1_000);
    await waitFor('handed to b', async () => (await db.models.Chat.findByPk(chat.chatId))!.assigned_agent_id === b.id);
    expect(await chat.socket.event('chat.assigned', (e) => e.chatId === chat.chatId && e.agent === null)).to.include({ reason: 'timeout' });

    const bApi = await signedIn(server.baseUrl, b.email, TEST_PASSWORD);
    const bSocket = await connectAgent(server.baseUrl, bApi.cookie!);
    sockets.push(bSocket);
    expect((await bSocket.request({ type: 'chat.join', chatId: chat.chatId })).ok).to.equal(true);
    await clock.advance(31_000);
    const after = (await db.models.Chat.findByPk(chat.chatId))!;
    expect(after.assigned_agent_id).to.equal(b.id);
    expect(after.status).to.equal('active');
  });

  it('departments: managed by super admins, offered by the widget, routed to their own agents, a transfer target', async () => {
    const { client, agents } = await website('round_robin', 3, 3);
    const [a, b, c] = agents;
    const other = await website('round_robin', 1);
    const made = await admin.request('POST', `/api/clients/${client.id}/departments`, { name: 'Billing', agentIds: [b.id, c.id] });
    expect(made.status, JSON.stringify(made.body)).to.equal(201);
    expect(made.body.department).to.include({ name: 'Billing', routingMode: null });
    const billing = made.body.department.id as number;
    const dup = await admin.request('POST', `/api/clients/${client.id}/departments`, { name: 'Billing' });
    expect(dup.status).to.equal(409);
    const foreignAgent = await admin.request('POST', `/api/clients/${client.id}/departments`, { name: 'Sales', agentIds: [other.agents[0].id] });
    expect(foreignAgent.status).to.equal(422);
    const sales = await admin.request('POST', `/api/clients/${client.id}/departments`, { name: 'Sales', agentIds: [a.id] });
    expect(sales.status).to.equal(201);

    const session = await fetch(`${server.baseUrl}/api/widget/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://example.test' }, body: JSON.stringify({ widgetKey: client.widget_key }) });
    expect((await session.json()).settings.departments.map((d: { name: string }) => d.name)).to.deep.equal(['Billing', 'Sales']);

    const chat = await visitorStarts(client.widget_key, { name: 'Vera', email: 'vera@example.test', departmentId: billing });
    expect(await assignedTo(chat.chatId)).to.be.oneOf([b.id, c.id]);
    expect((await db.models.Chat.findByPk(chat.chatId))!.department_id).to.equal(billing);

    const { socket } = await connectVisitor(server.baseUrl, client.widget_key);
    sockets.push(socket);
    const wrong = await socket.request({ type: 'chat.start', lead: { name: 'Vic', email: 'vic@example.test', departmentId: (await db.models.Department.findOne({ where: { client_id: other.client.id } }))?.id ?? 999999 } });
    expect(wrong.ok).to.equal(false);
    expect(wrong.error.code).to.equal('invalid_input');

    // The agent who has the chat hands it to Sales: it waits for a, who gets it.
    const holder = (await db.models.Chat.findByPk(chat.chatId))!.assigned_agent_id!;
    const holderApi = await signedIn(server.baseUrl, (await db.models.User.findByPk(holder))!.email, TEST_PASSWORD);
    const holderSocket = await connectAgent(server.baseUrl, holderApi.cookie!);
    sockets.push(holderSocket);
    expect((await holderSocket.request({ type: 'chat.join', chatId: chat.chatId })).ok).to.equal(true);
    const moved = await holderSocket.request({ type: 'chat.transfer', chatId: chat.chatId, toDepartmentId: sales.body.department.id, mode: 'leave' });
    expect(moved.ok, JSON.stringify(moved)).to.equal(true);
    expect(moved.toAgentId).to.equal(null);
    await waitFor('routed to sales', async () => (await db.models.Chat.findByPk(chat.chatId))!.assigned_agent_id === a.id);

    // Changes and tenancy.
    const renamed = await admin.request('PATCH', `/api/departments/${billing}`, { name: 'Accounts', routingMode: 'least_busy' });
    expect(renamed.body.department).to.include({ name: 'Accounts', routingMode: 'least_busy' });
    expect((await admin.request('PATCH', '/api/departments/999999', { name: 'X' })).status).to.equal(404);
    const agentApi = await signedIn(server.baseUrl, a.email, TEST_PASSWORD);
    expect((await agentApi.request('GET', `/api/clients/${client.id}/departments`)).status).to.equal(200);
    expect((await agentApi.request('GET', `/api/clients/${other.client.id}/departments`)).status).to.equal(404);
    expect((await agentApi.request('POST', `/api/clients/${client.id}/departments`, { name: 'Mine' })).status).to.equal(403);
    expect((await admin.request('PUT', `/api/clients/${client.id}/routing`, { routingMode: 'sideways' })).status).to.equal(422);
    const routing = await admin.request('PUT', `/api/clients/${client.id}/routing`, { routingMode: 'least_busy', acceptTimeoutSeconds: 45 });
    expect(routing.body.client).to.include({ routingMode: 'least_busy', acceptTimeoutSeconds: 45 });
    expect((await admin.request('DELETE', `/api/departments/${billing}`)).status).to.equal(204);
    expect((await db.models.Chat.count({ where: { department_id: billing } }))).to.equal(0);
  });

  it('lets a super admin, or a manager given the right, assign a queued chat by hand, within caps and tenancy', async () => {
    const { client, agents } = await website('round_robin', 2, 1);
    const [a, b] = agents;
    const other = await website('round_robin', 1);
    const one = await visitorStarts(client.widget_key);
    const two = await visitorStarts(client.widget_key);
    await assignedTo(one.chatId);
    await assignedTo(two.chatId);
    const queued = await visitorStarts(client.widget_key);
    await queuedAt(queued.chatId);

    const overCap = await admin.request('POST', `/api/chats/${queued.chatId}/assign`, { agentId: a.id });
    expect(overCap.status).to.equal(422);
    expect(overCap.body.error.message).to.match(/maximum/);
    expect((await admin.request('POST', `/api/chats/${queued.chatId}/assign`, { agentId: other.agents[0].id })).status).to.equal(404);
    expect((await admin.request('POST', '/api/chats/999999/assign', { agentId: a.id })).status).to.equal(404);

    const free = await f.user('agent', { status: 'away', max_chats: 2 }, [client.id]);
    const plainManager = await f.user('manager');
    const managerApi = await signedIn(server.baseUrl, plainManager.email, TEST_PASSWORD);
    expect((await managerApi.request('POST', `/api/chats/${queued.chatId}/assign`, { agentId: free.id })).status).to.equal(403);
    const agentApi = await signedIn(server.baseUrl, b.email, TEST_PASSWORD);
    expect((await agentApi.request('POST', `/api/chats/${queued.chatId}/assign`, { agentId: free.id })).status).to.equal(403);
    await plainManager.update({ can_assign_chats: true });
    const done = await managerApi.request('POST', `/api/chats/${queued.chatId}/assign`, { agentId: free.id });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    expect(done.body.chat.assignedAgentId).to.equal(free.id);
    expect(await queued.socket.event('chat.assigned', (e) => e.chatId === queued.chatId && e.agent?.id === free.id)).to.include({ reason: 'manual' });

    // The agent's cap is a setting on the account; raising it moves the queue to them.
    const waitingMore = await visitorStarts(client.widget_key);
    await queuedAt(waitingMore.chatId);
    const edited = await admin.request('PATCH', `/api/agents/${a.id}`, { maxChats: 4 });
    expect(edited.status, JSON.stringify(edited.body)).to.equal(200);
    expect(edited.body.agent ?? edited.body).to.have.property('maxChats', 4);
    expect(await assignedTo(waitingMore.chatId)).to.equal(a.id);
    expect((await admin.request('PATCH', `/api/agents/${a.id}`, { maxChats: 0 })).status).to.equal(422);
  });
});
