import crypto from 'node:crypto';
import { expect } from 'chai';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { manualClock } from '../../helpers/manualClock.js';
import { webhookReceiver } from '../../helpers/webhookReceiver.js';
import { createWebhookWorker } from '../../../lib/webhooks/worker.js';
import { createLogger } from '../../../lib/logger.js';
import type { AdminAlert } from '../../../lib/mail/mailer.js';
import type { Database } from '../../../lib/db/index.js';

const DAY = 24 * 60 * 60 * 1000;

/** The worker alone on a clock the test moves: a day of retries in a few passes, no sleeping. */
describe('the webhook worker over a day of failures', () => {
  let install: Installed;
  let db: Database;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

  before(async () => {
    receiver = await webhookReceiver();
    install = await installFixture('sqlite');
    db = install.open();
  });
  after(async () => {
    await db.close();
    await receiver.close();
    await install.cleanup();
  });

  it('backs off, marks the delivery failed after 24 h, disables the subscription and alerts the admins once', async () => {
    const clock = manualClock(Date.now());
    const alerts: AdminAlert[] = [];
    const worker = createWebhookWorker({
      config: { webhooks: { allowPrivateAddresses: ['127.0.0.1'], timeoutMs: 2000, pollIntervalMs: 1000, retryBaseMs: 30_000, retryMaxDelayMs: 3_600_000, giveUpAfterMs: DAY, leaseMs: 60_000 } },
      db,
      logger: createLogger('silent'),
      clock,
      mail: { enabled: true, adminAlert: (alert) => void alerts.push(alert) },
    });
    const site = await factories(db).client();
    const sub = await db.models.WebhookSubscription.create({ client_id: site.id, url: receiver.url(), events: '["chat.closed"]', secret: 'x' });
    const eventId = crypto.randomUUID();
    const row = await db.models.WebhookDelivery.create({ subscription_id: sub.id, event_id: eventId, event_type: 'chat.closed', order_key: 'chat:1', chat_id: 1, payload: JSON.stringify({ id: eventId }), status: 'pending', attempts: 0, next_attempt_at: new Date(clock.now()) });
    receiver.answerWith(() => 500);

    const gaps: number[] = [];
    let last = clock.now();
    for (let pass = 0; pass < 40; pass++) {
      const sent = await worker.runOnce();
      if (sent) {
        gaps.push(clock.now() - last);
        last = clock.now();
      }
      await row.reload();
      if (row.status !== 'pending') break;
      await clock.advance(new Date(row.next_attempt_at).getTime() - clock.now());
    }
    // Doubling delays from 30 s, at most an hour apart.
    expect(gaps.slice(1, 4)).to.deep.equal([30_000, 60_000, 120_000]);
    expect(Math.max(...gaps)).to.equal(3_600_000);
    expect(row.status).to.equal('failed');
    expect(row.response_code).to.equal(500);
    await sub.reload();
    expect(sub.disabled_at).to.not.equal(null);
    expect(alerts).to.have.length(1);
    expect(alerts[0].title).to.contain(receiver.url());
    // Disabled: nothing more goes out, even once due.
    const attempts = receiver.received.length;
    await db.models.WebhookDelivery.create({ subscription_id: sub.id, event_id: crypto.randomUUID(), event_type: 'chat.closed', order_key: 'chat:2', payload: '{}', status: 'pending', attempts: 0, next_attempt_at: new Date(clock.now()) });
    expect(await worker.runOnce()).to.equal(0);
    expect(receiver.received.length).to.equal(attempts);
  });
});
