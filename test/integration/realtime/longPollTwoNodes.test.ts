import { expect } from 'chai';
import type { Installed } from '../../helpers/install.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { startRedisCluster } from '../../helpers/cluster.js';
import type { LongRunning } from '../../helpers/cli.js';
import { visitorSession } from '../../helpers/visitors.js';
import { BlockedWebSocket, agentClient, waitFor } from '../../helpers/sharedClient.js';
import { RealtimeClient } from '../../../lib/realtime-client/index.js';
import type { LivechatEvent } from '../../../lib/protocol/events.js';
import type { ServerFrame } from '../../../lib/protocol/frames.js';
import { quietFor } from '../../helpers/wait.js';

const ORIGIN = 'https://example.test';
const ROUNDS = 12;

/** The message bodies of one chat as a client handed them out, in that order. */
const bodiesOf = (events: LivechatEvent[], chatId: number) =>
  events.flatMap((e) => (e.name === 'message.created' && e.chatId === chatId ? [e.message.body ?? ''] : []));

/**
 * Long polling behind a balancer that keeps nothing: two `livechat start` processes on one MariaDB
 * and one Redis, and a visitor whose network blocks WebSockets and whose every HTTP request goes to
 * the next node in turn (round robin). The poll connection lives on the node that opened it; the
 * other node relays the polls and sends that land on it.
 */
describe('long polling across two server processes', function () {
  this.timeout(120_000);
  let install: Installed;
  let urls: string[] = [];
  let nodes: LongRunning[] = [];
  let stopNodes = async () => {};
  const clients: RealtimeClient[] = [];

  before(async function () {
    ({ install, urls, nodes, stop: stopNodes } = await startRedisCluster(this, {
      chat: { visitorMessagesPerMinute: 1000, visitorMessageBurst: 1000, agentMessagesPerMinute: 1000, widgetRequestsPerMinute: 1000 },
    }));
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await stopNodes();
  });

  /**
   * A chat between an agent on node B (WebSocket) and a visitor on long polling whose every request
   * goes to the node `pick` names, whatever node the client was given (a balancer).
   */
  async function chatThrough(pick: (kind: 'open' | 'poll' | 'send') => string) {
    const [nodeA, nodeB] = urls;
    const db = install.open();
    const f = factories(db);
    const site = await f.client({ domains: ['example.test'] });
    const user = await f.user('agent', { pseudo_name: 'Alex', status: 'online' }, [site.id]);
    const served = new Map<string, number>();
    const balancer = ((url: string, init: RequestInit = {}) => {
      const path = url.slice(nodeA.length);
      const kind = path.endsWith('/send') ? 'send' : path.endsWith('/open') ? 'open' : 'poll';
      const node = pick(kind);
      served.set(`${kind}@${node}`, (served.get(`${kind}@${node}`) ?? 0) + 1);
      return fetch(node + path, { ...init, headers: { ...(init.headers as object), origin: ORIGIN } });
    }) as typeof fetch;
    const session = await visitorSession(nodeA, site.widget_key, ORIGIN);
    const visitor = new RealtimeClient({ url: 'ws://blocked.invalid/ws', WebSocket: BlockedWebSocket, poll: { baseUrl: nodeA, token: session.token, fetch: balancer }, minDelayMs: 20, maxDelayMs: 200 });
    const agent = agentClient(nodeB, (await signedIn(nodeB, user.email, TEST_PASSWORD)).cookie!);
    clients.push(visitor, agent);
    const hellos: ServerFrame[] = [];
    visitor.onFrame((frame) => frame.type === 'hello' && hellos.push(frame));
    const states: string[] = [];
    visitor.onState((s) => states.push(s));
    const seenByVisitor: LivechatEvent[] = [];
    const seenByAgent: LivechatEvent[] = [];
    visitor.onEvent((e) => seenByVisitor.push(e));
    agent.onEvent((e) => seenByAgent.push(e));
    agent.connect();
    visitor.connect();

    const started = (await visitor.request({ type: 'chat.start', lead: { name: 'Nia', email: 'nia@example.test', phone: '+1 555 0104' }, message: 'hello' })) as any;
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    const chatId: number = started.chat.id;
    await visitor.follow(chatId);
    expect((await agent.request({ type: 'chat.join', chatId })).ok).to.equal(true);
    await agent.follow(chatId);

    /** Both sides talk at once, so the visitor's sends and polls cross on the nodes. */
    const talk = async (label: string, rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        const [fromVisitor, fromAgent] = await Promise.all([visitor.sendMessage(chatId, `visitor ${label} ${i}`), agent.sendMessage(chatId, `agent ${label} ${i}`)]);
        expect(fromVisitor.ok, JSON.stringify(fromVisitor)).to.equal(true);
        expect(fromAgent.ok, JSON.stringify(fromAgent)).to.equal(true);
      }
    };
    /** Every message of the chat reached both sides once, in seq order; `sent` of them were written by the two. */
    const everyMessageOnceInOrder = async (sent: number) => {
      const rows = await db.models.Message.findAll({ where: { chat_id: chatId }, order: [['seq', 'ASC']] });
      const all = rows.map((r) => r.body);
      expect(all.filter((b) => /^(visitor|agent) /.test(b ?? '')), 'each message stored once').to.have.length(sent);
      await waitFor(() => bodiesOf(seenByVisitor, chatId).length >= all.length && bodiesOf(seenByAgent, chatId).length >= all.length, 20_000, 'every message on both sides');
      await quietFor(500); // a repeat would have arrived by now
      expect(bodiesOf(seenByVisitor, chatId), 'what the visitor received, in order').to.deep.equal(all);
      expect(bodiesOf(seenByAgent, chatId), 'what the agent received, in order').to.deep.equal(all);
    };
    return { db, visitor, agent, chatId, hellos, states, served, talk, everyMessageOnceInOrder };
  }

  it('keeps one connection while its requests alternate between the nodes: every message both ways arrives once, in order', async () => {
    let turn = 0;
    const scene = await chatThrough(() => urls[turn++ % urls.length]);
    await scene.talk('round', ROUNDS);
    await scene.everyMessageOnceInOrder(2 * ROUNDS);

    // It was one connection all along: one hello, never a reconnect, and both nodes served it.
    expect(scene.hellos, 'connections the visitor opened').to.have.length(1);
    expect(scene.states.slice(scene.states.indexOf('polling')), 'after it started polling').to.deep.equal(['polling']);
    for (const node of urls) for (const kind of ['poll', 'send']) expect(scene.served.get(`${kind}@${node}`) ?? 0, `${kind} requests served by ${node}`).to.be.above(0);
    await scene.db.close();
  });

  it('answers poll_closed at once for a connection of a node that is not there, and refuses a malformed id', async () => {
    const [nodeA] = urls;
    const started = Date.now();
    const res = await fetch(`${nodeA}/api/widget/poll/gone.AAAAAAAAAAAAAAAAAAAAAAAA?cursor=0`, { headers: { origin: ORIGIN } });
    expect(res.status).to.equal(404);
    expect((await res.json()).error.code).to.equal('poll_closed');
    expect(Date.now() - started, 'answered without waiting for a relay timeout').to.be.below(2000);
    const sent = await fetch(`${nodeA}/api/widget/poll/gone.AAAAAAAAAAAAAAAAAAAAAAAA/send`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ frames: [{ type: 'typing', chatId: 1, isTyping: true }] }),
    });
    expect(sent.status).to.equal(404);
    const bad = await fetch(`${nodeA}/api/widget/poll/a.b.c%20d?cursor=0`, { headers: { origin: ORIGIN } });
    expect(bad.status).to.be.oneOf([404, 422]);
  });

  // Last: it kills node A.
  it('carries on through the other node when the node holding the connection dies: nothing lost, nothing twice', async () => {
    const [nodeA, nodeB] = urls;
    let turn = 0;
    let aDead = false;
    // The connection opens on node A; then requests alternate until A dies and the balancer drops it.
    const scene = await chatThrough((kind) => (aDead ? nodeB : kind === 'open' ? nodeA : urls[turn++ % urls.length]));
    await scene.talk('before', 2);
    nodes[0].child.kill('SIGKILL');
    await nodes[0].exited;
    aDead = true;
    const killedAt = Date.now();
    await scene.talk('after', 3);
    await scene.everyMessageOnceInOrder(2 * 5);
    console.log(`      (the visitor carried on ${Date.now() - killedAt} ms after node A died)`);
    expect(scene.hellos, 'a second connection, opened on node B').to.have.length(2);
    await scene.db.close();
  });
});
