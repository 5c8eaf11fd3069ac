import crypto from 'node:crypto';
import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { spawnCli, freePort, type LongRunning } from '../../helpers/cli.js';
import { startNodes } from '../../helpers/cluster.js';
import { visitorClient, waitFor } from '../../helpers/sharedClient.js';
import { waitFor as waitUntil } from '../../helpers/wait.js';
import { webhookReceiver } from '../../helpers/webhookReceiver.js';
import { testEnv } from '../../helpers/env.js';

const WEBHOOKS = { allowPrivateAddresses: ['127.0.0.1'], pollIntervalMs: 25, retryBaseMs: 20, retryMaxDelayMs: 50, giveUpAfterMs: 600_000, leaseMs: 1000, timeoutMs: 800 };
const EVENTS = JSON.stringify(['chat.created', 'message.created', 'chat.closed']);

/** The seqs of a chat's message.created deliveries that the receiver accepted, in the order they came. */
const seqsOf = (received: { body: any; status: number }[], chatId: number) =>
  received.filter((r) => r.status === 200 && r.body?.type === 'message.created' && r.body.data.chatId === chatId).map((r) => r.body.data.message.seq as number);

describeEachDialect('webhooks across a SIGKILL of the server', (dialect) => {
  let install: Installed;
  let server: LongRunning | undefined;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

  before(async () => {
    receiver = await webhookReceiver();
    install = await installFixture(dialect, { webhooks: WEBHOOKS, chat: { visitorMessagesPerMinute: 10_000, visitorMessageBurst: 10_000, widgetRequestsPerMinute: 100_000 } });
  });
  after(async () => {
    server?.child.kill('SIGKILL');
    await receiver.close();
    await install.cleanup();
  });

  it('loses no delivery written before the kill: after a restart every message goes out, in order', async function () {
    this.timeout(90_000);
    const db = install.open();
    const site = await factories(db).client({ domains: ['example.test'] });
    await db.models.WebhookSubscription.create({ client_id: site.id, url: receiver.url(), events: EVENTS, secret: 'crash-secret' });
    const port = await freePort();
    const start = async () => {
      server = spawnCli(['start', '--port', String(port), '--host', '127.0.0.1', '--public-url', `http://127.0.0.1:${port}`, '--no-checks'], { dataDir: install.dataDir });
      await server.waitFor(/is running/, 30_000);
    };
    await start();
    // The receiver is down (503) and slow to answer: deliveries are being retried, some in flight, when the server dies.
    receiver.answerWith(() => 503);
    const { client: visitor } = await visitorClient(`http://127.0.0.1:${port}`, site.widget_key);
    visitor.connect();
    const started = (await visitor.request({ type: 'chat.start', message: 'first' })) as unknown as { chat: { id: number } };
    const chatId = started.chat.id;
    const acks = [];
    for (let i = 0; i < 20; i++) acks.push(visitor.sendMessage(chatId, `m${i}`));
    const results = await Promise.all(acks).finally(() => visitor.close());
    expect(results.filter((r: any) => !r.ok)).to.deep.equal([]);
    await waitFor(() => receiver.received.length >= 3, 10_000, 'attempts under way');
    server!.child.kill('SIGKILL');
    await server!.exited;
    const stored = await db.models.WebhookDelivery.count({ where: { event_type: 'message.created' } });
    expect(stored).to.equal(21);

    receiver.answerWith(() => 200);
    await start();
    await waitFor(() => seqsOf(receiver.received, chatId).length >= 21, 30_000, 'every message delivered after the restart');
    const seqs = seqsOf(receiver.received, chatId);
    expect(seqs).to.deep.equal(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(receiver.received.find((r) => r.status === 200)!.body.type).to.equal('chat.created');
    // The receiver has the last one before the server marks it delivered (after the 200): wait for that.
    await waitUntil('all 22 marked delivered', async () => (await db.models.WebhookDelivery.count({ where: { status: 'delivered' } })) === 22, 10_000, 100);
    server!.child.kill('SIGTERM');
    await server!.exited;
    await db.close();
  });
});

describe('webhooks on a cluster of two processes [mysql]', () => {
  it('sends each delivery once, in each chat’s order, though both nodes poll the same outbox', async function () {
    this.timeout(90_000);
    if (!testEnv.mysqlUrl) this.skip();
    const receiver = await webhookReceiver();
    const install = await installFixture('mysql', { webhooks: WEBHOOKS });
    const db = install.open();
    const cluster = await startNodes(install, 2);
    try {
      const site = await factories(db).client();
      const subscription = await db.models.WebhookSubscription.create({ client_id: site.id, url: receiver.url(), events: EVENTS, secret: 's' });
      // 48 deliveries in 6 chats' queues, written while both nodes are polling.
      const rows = Array.from({ length: 48 }, (_, i) => {
        const event_id = crypto.randomUUID();
        const chat = i % 6;
        return {
          subscription_id: subscription.id,
          event_id,
          event_type: 'chat.closed',
          order_key: `chat:${chat}`,
          chat_id: chat,
          payload: JSON.stringify({ id: event_id, type: 'chat.closed', time: new Date().toISOString(), websiteId: site.id, data: { chatId: chat, endedBy: 'agent', n: i } }),
          status: 'pending' as const,
          attempts: 0,
          next_attempt_at: new Date(),
        };
      });
      await db.models.WebhookDelivery.bulkCreate(rows);
      await waitFor(() => receiver.received.length >= 48, 30_000, 'every delivery sent');
      await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would come now
      const ids = receiver.received.map((r) => r.body.id);
      expect(new Set(ids).size).to.equal(48);
      expect(ids.length).to.equal(48);
      for (let chat = 0; chat < 6; chat++) {
        const order = receiver.received.filter((r) => r.body.data.chatId === chat).map((r) => r.body.data.n as number);
        expect(order).to.deep.equal([...order].sort((a, b) => a - b));
      }
      // Each row recorded once as delivered: no node sent one another node had claimed.
      expect(await db.models.WebhookDelivery.count({ where: { status: 'delivered' } })).to.equal(48);
    } finally {
      await cluster.stop();
      await db.close();
      await receiver.close();
      await install.cleanup();
    }
  });
});
