import type { Config } from '../config/schema.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { DatabaseWatch } from '../db/watch.js';
import type { Mailer } from '../mail/mailer.js';
import { every, type Clock } from '../clock.js';
import { claimDelivery, dueDeliveryIds } from '../db/webhooks/outbox.js';
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from '../db/models/webhook.js';
import type { Instance } from '../db/models/types.js';
import { addressGuard } from './addressGuard.js';
import { sendWebhook, type SendResult } from './send.js';
import { messageWebhookBody } from './messageBody.js';

export interface WebhookWorkerDeps {
  config: Pick<Config, 'webhooks'>;
  db: Pick<Database, 'sequelize' | 'models'>;
  logger: Logger;
  clock: Clock;
  mail?: Pick<Mailer, 'enabled' | 'adminAlert'>;
  /** Told of each attempt (the metrics). */
  onAttempt?: (result: SendResult) => void;
  /** A database outage is logged once by the watch, not once per pass. */
  databaseWatch?: Pick<DatabaseWatch, 'report'>;
}

const BATCH = 50;

/**
 * Sends the webhook outbox. Every node runs one: a delivery is claimed with a lease by a conditional
 * update, so it goes out from one node at a time, and again from another once the lease runs out if
 * the node died in between (at least once; nothing is lost on a restart or a SIGKILL). A failure is
 * retried with a doubling delay until webhooks.giveUpAfterMs after the event, then marked failed; a
 * subscription whose deliveries have failed that long without a success is disabled, the admins told.
 */
export function createWebhookWorker(deps: WebhookWorkerDeps) {
  const { config, db, logger, clock } = deps;
  const settings = config.webhooks;
  const guard = addressGuard(settings.allowPrivateAddresses);
  let running: Promise<void> | null = null;
  let stopTimer: (() => void) | null = null;

  async function deliver(row: Instance<WebhookDeliveryRow>) {
    const subscription = await db.models.WebhookSubscription.findByPk(row.subscription_id);
    if (!subscription || subscription.disabled_at) return void (await row.update({ lease_until: null }));
    let body = row.payload;
    if (body === null) {
      body = await messageWebhookBody(db, row);
      if (body === null) return void (await row.update({ status: 'failed', last_error: 'the message no longer exists', lease_until: null }));
      await row.update({ payload: body });
    }
    const nowMs = clock.now();
    const result = await sendWebhook({ url: subscription.url, body, secret: subscription.secret, eventId: row.event_id, type: row.event_type, nowMs, timeoutMs: settings.timeoutMs, guard });
    deps.onAttempt?.(result);
    const now = new Date(clock.now());
    const attempts = row.attempts + 1;
    if (result.ok) {
      await row.update({ status: 'delivered', attempts, response_code: result.status, last_error: null, delivered_at: now, lease_until: null });
      if (subscription.failing_since) await subscription.update({ failing_since: null });
      return;
    }
    const givesUp = now.getTime() - new Date(row.created_at).getTime() >= settings.giveUpAfterMs;
    const delay = Math.min(settings.retryBaseMs * 2 ** (attempts - 1), settings.retryMaxDelayMs);
    await row.update({
      status: givesUp ? 'failed' : 'pending',
      attempts,
      response_code: result.status,
      last_error: result.error?.slice(0, 500) ?? null,
      next_attempt_at: new Date(now.getTime() + delay),
      lease_until: null,
    });
    await subscriptionFailed(subscription, now);
  }

  async function subscriptionFailed(subscription: Instance<WebhookSubscriptionRow>, now: Date) {
    if (!subscription.failing_since) return void (await subscription.update({ failing_since: now }));
    if (now.getTime() - new Date(subscription.failing_since).getTime() < settings.giveUpAfterMs) return;
    // Once per cluster: only the node whose update disabled it raises the alert.
    const [count] = await db.models.WebhookSubscription.update({ disabled_at: now }, { where: { id: subscription.id, disabled_at: null } });
    if (count !== 1) return;
    logger.warn({ subscriptionId: subscription.id, url: subscription.url }, 'webhook subscription disabled after failing for too long');
    if (deps.mail?.enabled) {
      deps.mail.adminAlert({
        problem: `webhook-disabled-${subscription.id}`,
        title: `A webhook was disabled: ${subscription.url}`,
        lines: [
          `Every delivery to ${subscription.url} has failed since ${new Date(subscription.failing_since).toISOString()}, so the subscription was disabled.`,
          'Its pending deliveries are kept: fix the receiver, then enable the subscription again in Settings > Webhooks.',
        ],
        at: now,
      });
    }
  }

  /** One pass: claims and sends what is due, a queue's rows one after the other. Resolves with how many were sent. */
  async function runOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      const now = new Date(clock.now());
      const ids = await dueDeliveryIds(db, now, BATCH);
      let claimed = 0;
      for (const id of ids) {
        if (!(await claimDelivery(db, id, now, new Date(now.getTime() + settings.leaseMs)))) continue;
        claimed++;
        const row = await db.models.WebhookDelivery.findByPk(id);
        if (!row) continue;
        try {
          await deliver(row);
          sent++;
        } catch (err) {
          logger.error({ err, deliveryId: id }, 'webhook delivery could not be recorded');
        }
      }
      // A queue's next row becomes due as the previous one goes: look again while there was work.
      if (claimed === 0) return sent;
    }
  }

  function tick() {
    if (running) return;
    running = runOnce()
      .then(() => undefined)
      .catch((err) => {
        const log = () => logger.error({ err }, 'webhook worker pass failed');
        return deps.databaseWatch ? deps.databaseWatch.report(err, log) : log();
      })
      .finally(() => {
        running = null;
      });
  }

  return {
    runOnce,
    /** Looks for due deliveries now (a redelivery asked for), unless a pass is under way. */
    wake: () => {
      if (stopTimer) tick();
    },
    start() {
      stopTimer ??= every(clock, settings.pollIntervalMs, tick);
      tick();
    },
    async stop() {
      stopTimer?.();
      stopTimer = null;
      await running;
    },
  };
}

export type WebhookWorker = ReturnType<typeof createWebhookWorker>;
