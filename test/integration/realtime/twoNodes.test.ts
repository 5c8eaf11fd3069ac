import { expect } from 'chai';
import { Redis } from 'ioredis';
import type { Installed } from '../../helpers/install.js';
import { testEnv } from '../../helpers/env.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import type { LongRunning } from '../../helpers/cli.js';
import { startRedisCluster } from '../../helpers/cluster.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { createRedisPresenceStore, DEFAULT_HEARTBEAT_MS as HEARTBEAT_MS } from '../../../lib/realtime/redisPresenceStore.js';
import { quietFor, waitFor } from '../../helpers/wait.js';

const VISITOR_LIMIT = 5;

/** One identity per event, so that a second copy of the same event shows as a repeat. */
function keyOf(e: any): string {
  switch (e.name) {
    case 'message.created':
      return `message.created#${e.message.id}`;
    case 'chat.created':
      return `chat.created#${e.chat.id}`;
    case 'agent.joined':
    case 'agent.left':
      return `${e.name}#${e.chatId}/${e.agent.id}`;
    case 'chat.transferred':
      return `chat.transferred#${e.chatId}/${e.from?.id}->${e.to.id}`;
    case 'typing':
      return `typing#${e.chatId}/${e.from}${e.agent ? `:${e.agent.id}` : ''}/${e.isTyping}`;
    case 'notification':
      return `notification#${e.notification.id}`;
    case 'visitor.presence':
      return `visitor.presence#${e.visitorId}/${e.online}`;
    case 'visitor.page':
      return `visitor.page#${e.visitorId}/${e.url}`;
    case 'agent.status':
      return `agent.status#${e.agentId}/${e.status}`;
    default:
      return `${e.name}#${JSON.stringify(e)}`;
  }
}

function tally(socket: TestSocket) {
  const counts = new Map<string, number>();
  for (const e of socket.events) counts.set(keyOf(e), (counts.get(keyOf(e)) ?? 0) + 1);
  return counts;
}

/**
 * Scale-out as the issue asks: two `livechat start` processes, each with its own data folder,
 * sharing one MariaDB database and one Redis. A visitor on node A, two agents on node B: a chat,
 * messages and typing both ways, a transfer. Every event reaches each socket that should get it
 * exactly once, in seq order per chat; rate limits and presence are counted cluster-wide.
 */
describe('two server processes over one MariaDB and one Redis', function () {
  this.timeout(120_000);
  let install: Installed;
  let redis: Redis;
  let keyPrefix: string;
  let nodes: LongRunning[] = [];
  let urls: string[] = [];
  let stopCluster = async () => {};
  const sockets: TestSocket[] = [];
  const onNodeB: { agent1?: TestSocket; agent2?: TestSocket } = {};

  before(async function () {
    ({ install, keyPrefix, nodes, urls, stop: stopCluster } = await startRedisCluster(this, {
      chat: { visitorMessagesPerMinute: 1, visitorMessageBurst: VISITOR_LIMIT, agentMessagesPerMinute: 1000, widgetRequestsPerMinute: 1000 },
      // This test counts every event each socket gets; message analysis (message.analyzed) has its own tests.
      ai: { analysis: false, model: { baseUrl: null, name: '', apiKey: null, timeoutMs: 10000 } },
    }));
    redis = new Redis(testEnv.redisUrl!);
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    redis?.disconnect();
    await stopCluster();
  });

  it('carries a conversation across the nodes with every event once and in order, and limits and presence cluster-wide', async () => {
    const [nodeA, nodeB] = urls;
    const db = install.open();
    const f = factories(db);
    const site = await f.client({ domains: ['example.test'] });
    const u1 = await f.user('agent', { pseudo_name: 'Alex', status: 'online' }, [site.id]);
    const u2 = await f.user('agent', { pseudo_name: 'Sam', status: 'online' }, [site.id]);

    const agent1 = await connectAgent(nodeB, (await signedIn(nodeB, u1.email, TEST_PASSWORD)).cookie!);
    const agent2 = await connectAgent(nodeB, (await signedIn(nodeB, u2.email, TEST_PASSWORD)).cookie!);
    sockets.push(agent1, agent2);
    Object.assign(onNodeB, { agent1, agent2 });
    for (const s of [agent1, agent2]) expect((await s.request({ type: 'subscribe', channel: `visitors.${site.id}` })).ok).to.equal(true);
    const { socket: visitor, session } = await connectVisitor(nodeA, site.widget_key);
    sockets.push(visitor);

    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Nia', email: 'nia@example.test', phone: '+1 555 0103' }, message: 'hello from node A', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    const chatId = started.chat.id;
    await agent1.event('chat.created', (e) => e.chat.id === chatId);
    expect((await agent1.request({ type: 'chat.join', chatId })).ok).to.equal(true);
    await visitor.event('message.created', (e) => /Alex joined/.test(e.message.body ?? ''));
    expect((await agent2.request({ type: 'chat.join', chatId })).ok).to.equal(true);
    await visitor.event('message.created', (e) => /Sam joined/.test(e.message.body ?? ''));

    const fromAgent = await agent1.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'hi from node B' });
    expect(fromAgent.ok, JSON.stringify(fromAgent)).to.equal(true);
    await visitor.event('message.created', (e) => e.message.id === fromAgent.id);
    const fromVisitor = await visitor.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'thanks' });
    expect(fromVisitor.ok, JSON.stringify(fromVisitor)).to.equal(true);
    await agent1.event('message.created', (e) => e.message.id === fromVisitor.id);

    visitor.send({ type: 'typing', chatId, isTyping: true, draft: 'typing on A' });
    await agent1.event('typing', (e) => e.from === 'visitor' && e.draft === 'typing on A');
    agent2.send({ type: 'typing', chatId, isTyping: true });
    await visitor.event('typing', (e) => e.from === 'agent' && e.agent.id === u2.id);

    const transfer = await agent1.request({ type: 'chat.transfer', chatId, toAgentId: u2.id, mode: 'leave', reason: 'shift ends' });
    expect(transfer.ok, JSON.stringify(transfer)).to.equal(true);
    await visitor.event('message.created', (e) => e.message.body === "You've been transferred to Sam");
    await agent2.event('notification', (e) => e.notification.type === 'chat_transfer');

    // Rate limits: the visitor spends its messages on node A (2 so far) and is then refused on node B too.
    const more = [];
    for (let i = 0; i < VISITOR_LIMIT - 2; i++) more.push(await visitor.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: `more ${i}` }));
    expect(more.map((r) => r.ok), JSON.stringify(more)).to.deep.equal(more.map(() => true));
    const overOnA = await visitor.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'one too many on A' });
    expect(overOnA.ok).to.equal(false);
    expect(overOnA.error.code).to.equal('rate_limited');
    const { socket: visitorOnB } = await connectVisitor(nodeB, site.widget_key, 'https://example.test', session.visitorKey, '/checkout');
    sockets.push(visitorOnB);
    const overOnB = await visitorOnB.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'one too many on B' });
    expect(overOnB.ok, 'node B kept its own count').to.equal(false);
    expect(overOnB.error.code).to.equal('rate_limited');
    expect(overOnB.error.retryAfterMs).to.be.above(0);

    // Presence: one visitor with a socket on each node counts 2 in the cluster (so node B did not
    // announce it online a second time); each agent counts 1.
    const reader = createRedisPresenceStore(redis, { keyPrefix });
    try {
      expect(await reader.count('visitor', session.visitorId)).to.equal(2);
      expect(await reader.count('agent', u1.id)).to.equal(1);
      expect(await reader.count('agent', u2.id)).to.equal(1);
    } finally {
      await reader.close();
    }
    await quietFor(500); // a duplicate or a stray event would have arrived by now

    const rows = await db.models.Message.findAll({ where: { chat_id: chatId }, order: [['seq', 'ASC']] });
    expect(rows.map((r) => r.seq), 'seq per chat').to.deep.equal(rows.map((_, i) => i + 1));
    expect(rows.map((r) => r.body)).to.not.include.members(['one too many on A', 'one too many on B']);
    expect(rows.filter((r) => r.sender_type === 'visitor')).to.have.length(VISITOR_LIMIT);
    const forAgents = rows.map((r) => `message.created#${r.id}`);
    // The visitor's socket follows the chat from its start reply on: the opening message came back as the ack.
    const forVisitor = rows.filter((r) => r.seq > started.message.seq && !r.is_internal).map((r) => `message.created#${r.id}`);
    const chatEvents = [
      `agent.joined#${chatId}/${u1.id}`,
      `agent.joined#${chatId}/${u2.id}`,
      `typing#${chatId}/agent:${u2.id}/true`,
      `agent.left#${chatId}/${u1.id}`,
      `chat.transferred#${chatId}/${u1.id}->${u2.id}`,
    ];
    // Each widget session records its page view: the page on node A, then the one on node B.
    const pageViews = ['pricing', 'checkout'].map((p) => `visitor.page#${session.visitorId}/https://example.test/${p}`);
    const forDashboards = [...pageViews, `visitor.presence#${session.visitorId}/true`, `chat.created#${chatId}`, `typing#${chatId}/visitor/true`, ...chatEvents, ...forAgents];
    // Each agent hears of the new chat once (chat_waiting); agent 2 also of the transfer to them.
    const notifications = async (userId: number) =>
      (await db.models.Notification.findAll({ where: { user_id: userId }, order: [['id', 'ASC']] })).map((n) => `notification#${n.id}`);
    const expected: [string, TestSocket, string[]][] = [
      ['the visitor on node A', visitor, [...chatEvents, ...forVisitor]],
      ['agent 1 on node B', agent1, [...forDashboards, ...(await notifications(u1.id))]],
      ['agent 2 on node B', agent2, [...forDashboards, ...(await notifications(u2.id))]],
      ['the visitor on node B', visitorOnB, []],
    ];
    for (const [who, socket, keys] of expected) {
      const got = tally(socket);
      const repeated = [...got].filter(([, n]) => n > 1);
      expect(repeated, `${who} got these more than once`).to.deep.equal([]);
      expect([...got.keys()].sort(), `what ${who} received`).to.deep.equal([...keys].sort());
      const seqs = socket.events.filter((e) => e.name === 'message.created' && e.chatId === chatId).map((e) => e.message.seq);
      expect(seqs, `${who}: messages in seq order`).to.deep.equal([...seqs].sort((x, y) => x - y));
    }
    expect(visitor.events.some((e) => e.name === 'typing' && e.from === 'visitor'), 'the visitor heard its own draft').to.equal(false);
    await db.close();
  });

  it('stops counting the connections of a node killed with SIGKILL within two heartbeats, and the other node carries on', async () => {
    const [nodeA] = nodes;
    const db = install.open();
    const visitorId = (await db.models.Visitor.findOne({ order: [['id', 'DESC']] }))!.id;
    const reader = createRedisPresenceStore(redis, { keyPrefix });
    try {
      expect(await reader.count('visitor', visitorId)).to.equal(2);
      nodeA.child.kill('SIGKILL');
      await nodeA.exited;
      const killedAt = Date.now();
      await waitFor('the dead node to stop counting', async () => (await reader.count('visitor', visitorId)) <= 1, HEARTBEAT_MS * 2 + 2000, 100);
      console.log(`      (node A's connections stopped counting ${Date.now() - killedAt} ms after SIGKILL; heartbeat ${HEARTBEAT_MS} ms)`);
      expect(await reader.count('visitor', visitorId), 'the socket on node B').to.equal(1);
    } finally {
      await reader.close();
    }
    // Node B lost a peer, not its bus: its agents still talk.
    const { agent1, agent2 } = onNodeB;
    const chat = (await db.models.Chat.findOne({ order: [['id', 'DESC']] }))!;
    await db.close();
    const ack = await agent2!.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'still here on B' });
    expect(ack.ok, JSON.stringify(ack)).to.equal(true);
    await agent1!.event('message.created', (e) => e.message.id === ack.id);
  });
});
