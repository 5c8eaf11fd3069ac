import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { spawnCli, freePort, type LongRunning } from '../../helpers/cli.js';
import { agentClient, visitorClient, waitFor } from '../../helpers/sharedClient.js';
import type { LivechatEvent } from '../../../lib/protocol/events.js';
import { letTimePass } from '../../helpers/wait.js';

const PER_SIDE = 120;

/**
 * The kill test: the server process is SIGKILLed mid-conversation and started again
 * while both sides keep writing. Afterwards every message is stored once, every ack matches a
 * stored row, and each side received every message once, in seq order.
 */
describeEachDialect('a server killed mid-conversation', (dialect) => {
  let install: Installed;
  let server: LongRunning;
  let port: number;

  before(async () => {
    install = await installFixture(dialect, { chat: { visitorMessagesPerMinute: 10_000, visitorMessageBurst: 10_000, agentMessagesPerMinute: 10_000, widgetRequestsPerMinute: 100_000 } });
    port = await freePort();
  });
  after(async () => {
    server?.child.kill('SIGKILL');
    await install.cleanup();
  });

  const start = async () => {
    server = spawnCli(['start', '--port', String(port), '--host', '127.0.0.1', '--public-url', `http://127.0.0.1:${port}`, '--no-checks'], { dataDir: install.dataDir });
    await server.waitFor(/is running/, 30_000);
  };

  it('loses nothing, duplicates nothing and keeps the order when the server is SIGKILLed and restarted', async function () {
    this.timeout(120_000);
    const db = install.open();
    const f = factories(db);
    const site = await f.client({ domains: ['example.test'] });
    const agentUser = await f.user('agent', { status: 'online', pseudo_name: 'Alex' }, [site.id]);
    await db.close();
    await start();
    const base = `http://127.0.0.1:${port}`;

    const api = await signedIn(base, agentUser.email, TEST_PASSWORD);
    const agent = agentClient(base, api.cookie!);
    const { client: visitor } = await visitorClient(base, site.widget_key);
    const seen = { agent: [] as LivechatEvent[], visitor: [] as LivechatEvent[] };
    agent.onEvent((e) => seen.agent.push(e));
    visitor.onEvent((e) => seen.visitor.push(e));
    agent.connect();
    visitor.connect();
    const started = (await visitor.request({ type: 'chat.start', lead: { name: 'Kim', email: 'kim@example.test', phone: '+1 555 0102' } })) as unknown as { chat: { id: number } };
    const chatId = started.chat.id;
    await visitor.follow(chatId);
    await agent.request({ type: 'chat.join', chatId });
    await agent.follow(chatId);

    const acks: Promise<{ ok: boolean; id?: number; clientMsgId: string }>[] = [];
    const sent: string[] = [];
    let killed = false;
    for (let i = 0; i < PER_SIDE; i++) {
      for (const [side, client] of [['v', visitor], ['a', agent]] as const) {
        const body = `${side}${i}`;
        sent.push(body);
        acks.push(client.sendMessage(chatId, body) as never);
      }
      if (i === PER_SIDE / 3 && !killed) {
        killed = true;
        server.child.kill('SIGKILL');
        await server.exited;
        setTimeout(() => void start(), 300);
      }
      await letTimePass(3); // the pace of a lively conversation, so the kill lands mid-stream
    }
    const results = await Promise.all(acks);
    expect(results.filter((r) => !r.ok), JSON.stringify(results.find((r) => !r.ok))).to.deep.equal([]);

    const check = install.open();
    try {
      const rows = await check.models.Message.findAll({ where: { chat_id: chatId, message_type: 'text' }, order: [['seq', 'ASC']] });
      const bodies = rows.map((r) => r.body!);
      expect(bodies.length, 'stored count').to.equal(sent.length);
      expect(new Set(bodies).size, 'no body stored twice').to.equal(bodies.length);
      expect([...bodies].sort()).to.deep.equal([...sent].sort());
      const ids = new Set(rows.map((r) => r.id));
      expect(results.every((r) => ids.has(r.id!)), 'every ack names a stored row').to.equal(true);
      const bySide = (side: string) => bodies.filter((b) => b.startsWith(side));
      expect(bySide('v'), 'visitor order kept').to.deep.equal(sent.filter((b) => b.startsWith('v')));
      expect(bySide('a'), 'agent order kept').to.deep.equal(sent.filter((b) => b.startsWith('a')));

      for (const who of ['agent', 'visitor'] as const) {
        await waitFor(() => seen[who].filter((e) => e.name === 'message.created' && e.chatId === chatId && e.message.type === 'text').length >= sent.length, 20_000, `${who} to receive everything`);
        const got = seen[who].filter((e): e is Extract<LivechatEvent, { name: 'message.created' }> => e.name === 'message.created' && e.chatId === chatId);
        const seqs = got.map((e) => e.message.seq);
        expect(new Set(seqs).size, `${who} got a message twice`).to.equal(seqs.length);
        expect(seqs, `${who} got messages out of order`).to.deep.equal([...seqs].sort((a, b) => a - b));
        expect(got.filter((e) => e.message.type === 'text').map((e) => e.message.body), `${who} got exactly the stored messages`).to.deep.equal(bodies);
      }
    } finally {
      agent.close();
      visitor.close();
      await check.close();
    }
  });
});
