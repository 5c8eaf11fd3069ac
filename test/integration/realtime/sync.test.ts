import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { connectVisitor } from '../../helpers/visitors.js';
import { agentClient, visitorClient, waitFor } from '../../helpers/sharedClient.js';
import type { RealtimeClient } from '../../../lib/realtime-client/index.js';
import type { LivechatEvent } from '../../../lib/protocol/events.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { quietFor } from '../../helpers/wait.js';

const lead = { name: 'Vera', email: 'vera@example.test', phone: '+1 555 0100' };
const MISSED = 1203;

const seqsOf = (events: LivechatEvent[], chatId: number) =>
  events.filter((e): e is Extract<LivechatEvent, { name: 'message.created' }> => e.name === 'message.created' && e.chatId === chatId).map((e) => e.message.seq);

describeEachDialect('sync: catching up after a reconnect', (dialect) => {
  const scene = withServer(dialect, { chat: { visitorMessagesPerMinute: 1000, visitorMessageBurst: 1000, agentMessagesPerMinute: 1000, widgetRequestsPerMinute: 5000 } });
  const clients: RealtimeClient[] = [];
  const sockets: TestSocket[] = [];
  after(() => {
    clients.forEach((c) => c.close());
    sockets.forEach((s) => s.close());
  });

  async function site() {
    const client = await scene.f.client({ domains: ['example.test'] });
    const agentUser = await scene.f.user('agent', { status: 'online', pseudo_name: 'Alex' }, [client.id]);
    const api = await signedIn(scene.server.baseUrl, agentUser.email, TEST_PASSWORD);
    return { client, agentUser, cookie: api.cookie! };
  }

  /** Agent messages written straight into the database, as if sent while the reader was away. */
  async function writeMissed(chatId: number, agentId: number, count: number) {
    const chat = (await scene.db.models.Chat.findByPk(chatId))!;
    const from = chat.last_seq;
    const rows = Array.from({ length: count }, (_, i) => ({ chat_id: chatId, seq: from + i + 1, sender_type: 'agent' as const, sender_id: agentId, body: `missed ${from + i + 1}` }));
    await scene.db.models.Message.bulkCreate(rows);
    await chat.update({ last_seq: from + count });
    return from + count;
  }

  it('answers at most 500 messages a chat, says more are waiting, and gives the rest from the position it names', async () => {
    const { client, agentUser } = await site();
    const { socket } = await connectVisitor(scene.server.baseUrl, client.widget_key);
    sockets.push(socket);
    const { chat } = await socket.request({ type: 'chat.start', lead });
    const last = await writeMissed(chat.id, agentUser.id, MISSED);

    const replies = [];
    let position = 0;
    for (let round = 0; round < 5; round++) {
      const reply = await socket.request({ type: 'sync', chats: { [chat.id]: position } }, 15_000);
      expect(reply.ok).to.equal(true);
      replies.push(reply);
      position = reply.chats[chat.id];
      if (reply.more.length === 0) break;
    }
    expect(replies.map((r) => r.more)).to.deep.equal([[chat.id], [chat.id], []]);
    expect(replies.map((r) => r.chats[chat.id])).to.deep.equal([500, 1000, last]);
    const seqs = seqsOf(socket.events, chat.id);
    expect(seqs).to.deep.equal(Array.from({ length: last }, (_, i) => i + 1));
    // The reply ends the sync: it comes after the chat's last missed message.
    const lastEvent = socket.frames.findLastIndex((f) => f.type === 'event' && f.event.message?.seq === last);
    const lastReply = socket.frames.findLastIndex((f) => f.type === 'reply' && f.more);
    expect(lastReply).to.be.greaterThan(lastEvent);
  });

  it('the shared client catches up on 1,203 missed messages after a reconnect, in order, each once', async () => {
    const { client, agentUser, cookie } = await site();
    const { client: visitor } = await visitorClient(scene.server.baseUrl, client.widget_key);
    const agent = agentClient(scene.server.baseUrl, cookie);
    clients.push(visitor, agent);
    const seen = { visitor: [] as LivechatEvent[], agent: [] as LivechatEvent[] };
    visitor.onEvent((e) => seen.visitor.push(e));
    agent.onEvent((e) => seen.agent.push(e));
    visitor.connect();
    agent.connect();
    const started = (await visitor.request({ type: 'chat.start', lead, message: 'hello' })) as unknown as { chat: { id: number } };
    const chatId = started.chat.id;
    await visitor.follow(chatId);
    await agent.follow(chatId);
    await waitFor(() => seqsOf(seen.agent, chatId).length === 1, 10_000, 'the first message');

    visitor.close();
    agent.close();
    const last = await writeMissed(chatId, agentUser.id, MISSED);
    // close() means closed: no reconnect of its own while the messages pile up (its delays are 20-200 ms).
    await quietFor(300);
    expect([visitor.state, agent.state]).to.deep.equal(['closed', 'closed']);
    visitor.connect();
    agent.connect();

    const all = Array.from({ length: last }, (_, i) => i + 1);
    await waitFor(() => seqsOf(seen.visitor, chatId).length >= last && seqsOf(seen.agent, chatId).length >= last, 30_000, `both clients to hold all ${last} messages`);
    expect(seqsOf(seen.visitor, chatId)).to.deep.equal(all);
    expect(seqsOf(seen.agent, chatId)).to.deep.equal(all);
    expect(visitor.lastSeq(chatId)).to.equal(last);
  });

  it('the shared client following more chats than one sync may name (200) resumes them all', async () => {
    const { client, agentUser, cookie } = await site();
    const agent = agentClient(scene.server.baseUrl, cookie);
    clients.push(agent);
    const seen: LivechatEvent[] = [];
    agent.onEvent((e) => seen.push(e));
    agent.connect();
    const chatIds: number[] = [];
    for (let i = 0; i < 201; i++) {
      const v = await scene.f.visitor(client.id);
      chatIds.push((await scene.f.chat(client.id, v.id)).id);
    }
    await Promise.all(chatIds.map((id) => agent.follow(id)));
    agent.close();
    for (const id of [chatIds[0], chatIds[200]]) await writeMissed(id, agentUser.id, 2);
    agent.connect();
    await waitFor(() => seqsOf(seen, chatIds[0]).length === 2 && seqsOf(seen, chatIds[200]).length === 2, 10_000, 'both chats to catch up');
    expect(seqsOf(seen, chatIds[200])).to.deep.equal([1, 2]);
  });

  it('the shared client runs sync for every chat it follows when the server says resync', async () => {
    const { client, agentUser } = await site();
    const { client: visitor } = await visitorClient(scene.server.baseUrl, client.widget_key);
    clients.push(visitor);
    const seen: LivechatEvent[] = [];
    visitor.onEvent((e) => seen.push(e));
    visitor.connect();
    const started = (await visitor.request({ type: 'chat.start', lead, message: 'hello' })) as unknown as { chat: { id: number } };
    await visitor.follow(started.chat.id);
    // Messages whose live events never arrived (as when the bus between nodes was down).
    const last = await writeMissed(started.chat.id, agentUser.id, 3);
    await quietFor(100); // no live event brings them (a bus event would take a few ms)
    expect(seqsOf(seen, started.chat.id)).to.deep.equal([1]);
    for (const conn of scene.server.realtime.hub.connections.values()) if (conn.identity.kind === 'visitor') conn.send({ type: 'resync' });
    await waitFor(() => seqsOf(seen, started.chat.id).length === last, 5000, 'the resync to bring the missed messages');
    expect(seqsOf(seen, started.chat.id)).to.deep.equal([1, 2, 3, 4]);
  });

  it("a visitor's shared client does not stall on the seqs of internal notes it may not see", async () => {
    const { client, cookie } = await site();
    const { client: visitor } = await visitorClient(scene.server.baseUrl, client.widget_key);
    const agent = agentClient(scene.server.baseUrl, cookie);
    clients.push(visitor, agent);
    const seen: LivechatEvent[] = [];
    visitor.onEvent((e) => seen.push(e));
    visitor.connect();
    agent.connect();
    const started = (await visitor.request({ type: 'chat.start', lead, message: 'hello' })) as unknown as { chat: { id: number } };
    const chatId = started.chat.id;
    await visitor.follow(chatId);
    await agent.request({ type: 'chat.join', chatId });
    await agent.sendMessage(chatId, 'a note for colleagues', { internal: true });
    await agent.sendMessage(chatId, 'an answer for the visitor');
    await agent.sendMessage(chatId, 'and another');
    const bodies = () => seen.filter((e) => e.name === 'message.created' && e.chatId === chatId && e.message.type === 'text').map((e) => (e as { message: { body: string } }).message.body);
    await waitFor(() => bodies().includes('and another'), 5000, 'the visitor to get the answers after the note');
    expect(bodies()).to.deep.equal(['hello', 'an answer for the visitor', 'and another']);
  });

  it('refuses a malformed sync and changes nothing', async () => {
    const { client } = await site();
    const { socket } = await connectVisitor(scene.server.baseUrl, client.widget_key);
    sockets.push(socket);
    for (const chats of [{ abc: 1 }, { 1: -1 }, { 1: 'x' }, Object.fromEntries(Array.from({ length: 201 }, (_, i) => [String(i + 1), 0]))]) {
      const reply = await socket.request({ type: 'sync', chats });
      expect(reply.ok, JSON.stringify(chats).slice(0, 40)).to.equal(false);
      expect(reply.error.code).to.equal('bad_frame');
    }
    expect(socket.events).to.have.length(0);
  });
});
