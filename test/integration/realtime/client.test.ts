import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { agentClient, visitorClient, waitFor } from '../../helpers/sharedClient.js';
import type { RealtimeClient } from '../../../lib/realtime-client/index.js';
import type { LivechatEvent } from '../../../lib/protocol/events.js';

const lead = { name: 'Vera', email: 'vera@example.test', phone: '+1 555 0100' };
const bodiesOf = (events: LivechatEvent[], chatId: number) =>
  events.filter((e): e is Extract<LivechatEvent, { name: 'message.created' }> => e.name === 'message.created' && e.chatId === chatId && e.message.type === 'text').map((e) => e.message.body);

describeEachDialect('the shared realtime client', (dialect) => {
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: ReturnType<Installed['open']>;
  const clients: RealtimeClient[] = [];

  before(async () => {
    install = await installFixture(dialect, { chat: { visitorMessagesPerMinute: 1000, visitorMessageBurst: 1000, agentMessagesPerMinute: 1000, widgetRequestsPerMinute: 5000 } });
    db = install.open();
    server = await startTestServer(install);
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await server.close();
    await db.close();
    await install.cleanup();
  });

  async function scene() {
    const f = factories(db);
    const client = await f.client({ domains: ['example.test'] });
    const agentUser = await f.user('agent', { status: 'online', pseudo_name: 'Alex' }, [client.id]);
    const api = await signedIn(server.baseUrl, agentUser.email, TEST_PASSWORD);
    const agent = agentClient(server.baseUrl, api.cookie!);
    const { client: visitor, session } = await visitorClient(server.baseUrl, client.widget_key);
    clients.push(agent, visitor);
    const agentEvents: LivechatEvent[] = [];
    const visitorEvents: LivechatEvent[] = [];
    agent.onEvent((e) => agentEvents.push(e));
    visitor.onEvent((e) => visitorEvents.push(e));
    agent.connect();
    visitor.connect();
    const started = await visitor.request({ type: 'chat.start', lead });
    const chatId = (started as unknown as { chat: { id: number } }).chat.id;
    await visitor.follow(chatId);
    await agent.request({ type: 'chat.join', chatId });
    await agent.follow(chatId);
    return { chatId, agent, visitor, agentEvents, visitorEvents, session };
  }

  /** What a restart does to sockets: the server says it is going away. */
  const dropAllSockets = () => {
    for (const conn of server.realtime.hub.connections.values()) conn.close(1001, 'test restart');
  };

  it('reconnects after the server drops it, resumes from the last seq, and delivers each message once, in order', async () => {
    const s = await scene();
    await s.agent.sendMessage(s.chatId, 'one');
    await waitFor(() => bodiesOf(s.visitorEvents, s.chatId).includes('one'));
    const states: string[] = [];
    s.visitor.onState((st) => states.push(st));

    dropAllSockets();
    // While the visitor is away the agent keeps writing (the agent reconnects too; its sends queue).
    const sends = ['two', 'three', 'four'].map((b) => s.agent.sendMessage(s.chatId, b));
    const acks = await Promise.all(sends);
    expect(acks.every((a) => a.ok)).to.equal(true);
    await waitFor(() => bodiesOf(s.visitorEvents, s.chatId).length >= 4, 10_000, 'the visitor to catch up');
    expect(states).to.include('reconnecting');
    expect(bodiesOf(s.visitorEvents, s.chatId)).to.deep.equal(['one', 'two', 'three', 'four']);
    const seqs = s.visitorEvents.filter((e) => e.name === 'message.created' && e.chatId === s.chatId).map((e) => (e as { message: { seq: number } }).message.seq);
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).to.equal(seqs.length);
  });

  it('queues messages written while offline and sends them in order once back, each stored once', async () => {
    const s = await scene();
    s.visitor.close();
    const pending = ['a', 'b', 'c'].map((b) => s.visitor.sendMessage(s.chatId, b));
    s.visitor.connect();
    const acks = await Promise.all(pending);
    expect(acks.map((a) => a.ok)).to.deep.equal([true, true, true]);
    expect(acks.map((a) => (a as unknown as { seq: number }).seq)).to.deep.equal([...acks.map((a) => (a as unknown as { seq: number }).seq)].sort((x, y) => x - y));
    await waitFor(() => bodiesOf(s.agentEvents, s.chatId).filter((b) => ['a', 'b', 'c'].includes(b!)).length === 3);
    const rows = await db.models.Message.findAll({ where: { chat_id: s.chatId, sender_type: 'visitor' }, order: [['seq', 'ASC']] });
    expect(rows.map((r) => r.body)).to.deep.equal(['a', 'b', 'c']);
  });

  it('resends a message whose ack was lost and gets the first ack back, not a second copy', async () => {
    const s = await scene();
    const first = await s.visitor.sendMessage(s.chatId, 'only once', { clientMsgId: 'fixed-id-1' });
    const again = await s.visitor.sendMessage(s.chatId, 'only once', { clientMsgId: 'fixed-id-1' });
    expect(again).to.include({ ok: true, id: (first as unknown as { id: number }).id, duplicate: true });
    expect(await db.models.Message.count({ where: { chat_id: s.chatId, client_msg_id: 'fixed-id-1' } })).to.equal(1);
  });

  it('falls back to long polling by itself when WebSockets are blocked, with the same semantics', async () => {
    const f = factories(db);
    const site = await f.client({ domains: ['example.test'] });
    const agentUser = await f.user('agent', { status: 'online' }, [site.id]);
    const api = await signedIn(server.baseUrl, agentUser.email, TEST_PASSWORD);
    const agent = agentClient(server.baseUrl, api.cookie!);
    const { client: visitor } = await visitorClient(server.baseUrl, site.widget_key, { blockWebSocket: true });
    clients.push(agent, visitor);
    const states: string[] = [];
    visitor.onState((st) => states.push(st));
    const seen: LivechatEvent[] = [];
    visitor.onEvent((e) => seen.push(e));
    agent.connect();
    visitor.connect();
    const started = (await visitor.request({ type: 'chat.start', lead, message: 'over polling' })) as unknown as { ok: boolean; chat: { id: number } };
    expect(started.ok).to.equal(true);
    expect(states).to.include('polling');
    const chatId = started.chat.id;
    await visitor.follow(chatId);
    await agent.request({ type: 'chat.join', chatId });
    for (const body of ['p1', 'p2', 'p3']) await agent.sendMessage(chatId, body);
    await waitFor(() => bodiesOf(seen, chatId).length >= 4, 10_000, 'messages over polling');
    expect(bodiesOf(seen, chatId)).to.deep.equal(['over polling', 'p1', 'p2', 'p3']);
    const ack = await visitor.sendMessage(chatId, 'reply over polling');
    expect(ack.ok).to.equal(true);
    expect(await db.models.Message.count({ where: { chat_id: chatId, body: 'reply over polling' } })).to.equal(1);
  });
});
