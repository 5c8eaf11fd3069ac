import { expect } from 'chai';
import crypto from 'node:crypto';
import { installFixture, type Installed } from '../../helpers/install.js';
import { testEnv, requireMysqlInCi } from '../../helpers/env.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { spawnCli, freePort, type LongRunning } from '../../helpers/cli.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Scale-out as the issue asks: two server processes on one MariaDB and one Redis. A visitor on
 * node A, two agents on node B: a chat, messages and typing both ways, a transfer. Every event
 * reaches each socket that should get it exactly once, and limits hold across the nodes.
 */
describe('two nodes over Redis [mysql]', function () {
  this.timeout(120_000);
  let install: Installed;
  const nodes: LongRunning[] = [];
  const sockets: TestSocket[] = [];
  const ports: number[] = [];

  before(async function () {
    requireMysqlInCi();
    if (testEnv.ci && !testEnv.redisUrl) throw new Error('CI=true but LIVECHAT_TEST_REDIS_URL is not set: the Redis suite is required in CI.');
    if (!testEnv.mysqlUrl || !testEnv.redisUrl) this.skip();
    install = await installFixture('mysql', {
      redis: { url: testEnv.redisUrl, keyPrefix: `lct${crypto.randomBytes(3).toString('hex')}:` },
      chat: { visitorMessagesPerMinute: 6, agentMessagesPerMinute: 1000 },
    });
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      ports.push(port);
      const node = spawnCli(['start', '--port', String(port), '--host', '127.0.0.1', '--public-url', `http://127.0.0.1:${port}`, '--no-checks'], { dataDir: install.dataDir });
      nodes.push(node);
    }
    await Promise.all(nodes.map((n) => n.waitFor(/is running/, 30_000)));
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    for (const n of nodes) {
      n.child.kill('SIGTERM');
      await n.exited;
    }
    await install?.cleanup();
  });

  it('carries a conversation between nodes with every event once, and keeps the limits cluster-wide', async () => {
    const [a, b] = ports.map((p) => `http://127.0.0.1:${p}`);
    const db = install.open();
    const f = factories(db);
    const site = await f.client({ domains: ['example.test'] });
    const u1 = await f.user('agent', { pseudo_name: 'Alex', status: 'online' }, [site.id]);
    const u2 = await f.user('agent', { pseudo_name: 'Sam', status: 'online' }, [site.id]);
    await db.close();

    const agent1 = await connectAgent(b, (await signedIn(b, u1.email, TEST_PASSWORD)).cookie!);
    const agent2 = await connectAgent(b, (await signedIn(b, u2.email, TEST_PASSWORD)).cookie!);
    sockets.push(agent1, agent2);
    for (const s of [agent1, agent2]) expect((await s.request({ type: 'subscribe', channel: `visitors.${site.id}` })).ok).to.equal(true);
    const { socket: visitor } = await connectVisitor(a, site.widget_key);
    sockets.push(visitor);

    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Nia', email: 'nia@example.test', phone: '+1 555 0103' }, message: 'hello from node A', clientMsgId: newMsgId() });
    const chatId = started.chat.id;
    await agent1.event('chat.created', (e) => e.chat.id === chatId);
    expect((await agent1.request({ type: 'chat.join', chatId })).ok).to.equal(true);
    expect((await agent2.request({ type: 'chat.join', chatId })).ok).to.equal(true);

    const fromAgent = await agent1.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'hi from node B' });
    const fromVisitor = await visitor.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'thanks' });
    expect(fromAgent.ok && fromVisitor.ok).to.equal(true);
    visitor.send({ type: 'typing', chatId, isTyping: true, draft: 'typing on A' });
    agent2.send({ type: 'typing', chatId, isTyping: true });
    await agent1.event('typing', (e) => e.from === 'visitor' && e.draft === 'typing on A');
    await visitor.event('typing', (e) => e.from === 'agent');
    const transfer = await agent1.request({ type: 'chat.transfer', chatId, toAgentId: u2.id, mode: 'leave', reason: 'shift ends' });
    expect(transfer.ok, JSON.stringify(transfer)).to.equal(true);
    await visitor.event('message.created', (e) => e.message.body === "You've been transferred to Sam");
    await agent2.event('notification', (e) => e.notification.type === 'chat_transfer');
    await sleep(500); // anything duplicated would have arrived by now

    const messagesAt = (s: TestSocket) => s.events.filter((e) => e.name === 'message.created' && e.chatId === chatId).map((e) => e.message.id);
    for (const [name, s] of [['visitor', visitor], ['agent1', agent1], ['agent2', agent2]] as const) {
      const ids = messagesAt(s);
      expect(new Set(ids).size, `${name} received a message twice`).to.equal(ids.length);
      expect(ids, `${name} missed ${fromAgent.id}`).to.include(fromAgent.id);
      expect(ids, `${name} missed ${fromVisitor.id}`).to.include(fromVisitor.id);
      const seqs = s.events.filter((e) => e.name === 'message.created' && e.chatId === chatId).map((e) => e.message.seq);
      expect(seqs, `${name} order`).to.deep.equal([...seqs].sort((x, y) => x - y));
    }
    expect(agent1.events.filter((e) => e.name === 'chat.created' && e.chat.id === chatId)).to.have.length(1);
    expect(agent2.events.filter((e) => e.name === 'chat.transferred')).to.have.length(1);

    // The visitor used 2 of 6 messages on node A; from node B the limit is the same counter.
    const { socket: sameVisitorOnB } = await connectVisitor(b, site.widget_key, 'https://example.test', (await (async () => {
      const check = install.open();
      try {
        return (await check.models.Visitor.findByPk(started.chat.visitorId))!.visitor_key;
      } finally {
        await check.close();
      }
    })()));
    sockets.push(sameVisitorOnB);
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await sameVisitorOnB.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: `more ${i}` }));
    expect(replies.filter((r) => r.ok)).to.have.length(4);
    expect(replies.filter((r) => !r.ok).every((r) => r.error.code === 'rate_limited')).to.equal(true);
  });
});
