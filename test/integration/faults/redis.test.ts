import { expect } from 'chai';
import { installFixture, type Installed } from '../../helpers/install.js';
import { testEnv, requireMysqlInCi } from '../../helpers/env.js';
import { startPrivateRedis } from '../../helpers/privateServices.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { agentClient, visitorClient, waitFor } from '../../helpers/sharedClient.js';
import { loadConfig } from '../../../lib/config/load.js';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startServer, type RunningServer } from '../../../lib/server.js';
import type { Database } from '../../../lib/db/index.js';
import type { RealtimeClient } from '../../../lib/realtime-client/index.js';
import { letTimePass } from '../../helpers/wait.js';

/** Longer than the rate limits' 5 s of trust in a count Redis gave: past it they used to wait for Redis. */
const OUTAGE_MS = 6500;

/**
 * Two nodes over one MariaDB and a private Redis that is killed for 6.5 s while visitors on node A
 * send. Redis pub/sub keeps nothing for a node that is away, so node B's agent misses what was
 * sent meanwhile; once the bus is back B tells its clients to resync, and the agent has every
 * message without any later one revealing the gap. Meanwhile no send waits on the rate limits.
 */
describe('a Redis outage under two nodes, on a private Redis', function () {
  this.timeout(90_000);
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let install: Installed;
  const nodes: RunningServer[] = [];
  const clients: RealtimeClient[] = [];
  let db: Database;
  const logLines: { msg: string; level: number }[] = [];

  before(async function () {
    requireMysqlInCi();
    if (!testEnv.mysqlUrl) return this.skip();
    redis = await startPrivateRedis();
    install = await installFixture('mysql', { redis: { url: redis.url, keyPrefix: 'lc:' } });
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({
        flags: { dataDir: install.dataDir, server: { port: 0, host: '127.0.0.1' }, redis: { commandTimeoutMs: 300 }, chat: { visitorMessagesPerMinute: 1000, visitorMessageBurst: 1000, widgetRequestsPerMinute: 1000 }, jobs: { enabled: false } },
        env: {},
      });
      const sink = new Writable({
        write(chunk, _enc, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
          done();
        },
      });
      nodes.push(await startServer({ config, logger: pino({ level: 'info' }, sink) }));
    }
    db = install.open();
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await db?.close();
    for (const n of nodes) await n.close();
    await install?.cleanup();
    await redis?.stop();
  });

  it('brings the other node\'s agent every message sent during the outage (resync), and sends were not held by rate limits', async () => {
    const [nodeA, nodeB] = nodes.map((n) => `http://127.0.0.1:${n.port}`);
    const f = factories(db);
    const site = await f.client({ domains: ['example.test'] });
    const agentUser = await f.user('agent', { status: 'online' }, [site.id]);

    const visitors: { client: RealtimeClient; chatId: number }[] = [];
    for (let i = 0; i < 2; i++) {
      const { client, session } = await visitorClient(nodeA, site.widget_key);
      client.connect();
      clients.push(client);
      visitors.push({ client, chatId: (await f.chat(site.id, session.visitorId)).id });
    }
    const agent = agentClient(nodeB, (await signedIn(nodeB, agentUser.email, TEST_PASSWORD)).cookie!);
    clients.push(agent);
    const seen = new Set<number>();
    let resyncs = 0;
    agent.onEvent((e) => e.name === 'message.created' && seen.add(e.message.id));
    agent.onFrame((frame) => frame.type === 'resync' && resyncs++);
    agent.connect();
    await waitFor(() => [agent, ...visitors.map((v) => v.client)].every((c) => c.state === 'open'), 10_000, 'clients connected');
    for (const v of visitors) await agent.follow(v.chatId);

    const acked: number[] = [];
    const slowest = { ms: 0 };
    let sending = true;
    const sends = Promise.all(
      visitors.map(async (v, i) => {
        for (let n = 0; sending; n++) {
          const started = Date.now();
          const reply = await v.client.sendMessage(v.chatId, `visitor ${i} message ${n}`);
          slowest.ms = Math.max(slowest.ms, Date.now() - started);
          expect(reply.ok, JSON.stringify(reply)).to.equal(true);
          acked.push((reply as unknown as { id: number }).id);
          await letTimePass(250); // the pace of a visitor typing
        }
      }),
    );
    await waitFor(() => acked.length >= visitors.length * 2, 10_000, 'some traffic before the fault');
    await waitFor(() => acked.every((id) => seen.has(id)), 5000, 'the agent has every message before the outage');
    await redis.kill();
    try {
      await letTimePass(OUTAGE_MS); // the outage lasts this long
      // Nothing is sent once Redis is back: no later message reveals a gap, only the resync can.
    } finally {
      sending = false;
      await sends.finally(() => redis.start());
    }

    expect(slowest.ms, 'no send waited more than about a second (rate limits decide locally)').to.be.below(1500);
    await waitFor(() => acked.every((id) => seen.has(id)), 15_000, `the agent on node B has all ${acked.length} messages`).catch((err) => {
      throw new Error(`${err.message}: ${acked.filter((id) => !seen.has(id)).length} missing, ${resyncs} resync frames`);
    });
    // The messages may all be in before node B's subscription is back (ioredis sends node A's queued
    // publishes as soon as its own link returns), so the resync is waited for, not expected at once.
    await waitFor(() => resyncs >= 1, 15_000, 'node B told its client to resync');
    // One line per change of state and node, not one per reconnect attempt or per message.
    const count = (prefix: string) => logLines.filter((l) => l.msg.startsWith(prefix)).length;
    expect(count('the event bus lost Redis'), 'bus down: once per node').to.equal(2);
    await waitFor(() => count('the event bus reached Redis again') === 2, 5000, 'bus back: once per node');
    expect(count('Redis does not answer: this rate limit'), 'rate limits gone local: once per limit (messages, widget requests) on node A').to.equal(2);
    expect(logLines.filter((l) => l.level >= 50 && !/lost Redis|Redis does not answer|Redis is unreachable/.test(l.msg)).map((l) => l.msg), 'no other errors').to.deep.equal([]);
  });
});
