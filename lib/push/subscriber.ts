import webpush from 'web-push';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import type { EventOf } from '../protocol/events.js';
import { pushPayload } from './payload.js';
import { checkEndpoint, pushAgent } from './endpoints.js';

interface PushDeps {
  config: Config;
  db: Database;
  bus: EventBus;
  logger: Logger;
}

/**
 * Web Push for the dashboard's notifications: every `notification` event is sent, encrypted with
 * the install's VAPID keys, to each browser the agent subscribed, so an agent with the dashboard
 * closed still hears of a waiting chat or a transfer. A subscription the push service says is gone
 * (404/410) is deleted. Only allowed push services on public addresses are sent to (endpoints.ts). Without VAPID keys (an install that predates them) nothing is sent.
 */
export function subscribePush(deps: PushDeps): { close(): Promise<void> } {
  const { publicKey, privateKey, subject } = deps.config.vapid;
  if (!publicKey || !privateKey) return { close: async () => {} };
  const vapidDetails = { subject: subject.includes(':') ? subject : `mailto:${subject}`, publicKey, privateKey };
  const inFlight = new Set<Promise<void>>();
  const deliver = async (event: EventOf<'notification'>) => {
    const subs = await deps.db.models.PushSubscription.findAll({ where: { user_id: event.userId } });
    const payload = JSON.stringify(pushPayload(event.notification));
    const agent = pushAgent();
    await Promise.all(
      subs.map(async (sub) => {
        try {
          // Checked again at each send: the allow-list may have changed, and the agent's lookup
          // refuses a name that resolves to a private address now.
          checkEndpoint(sub.endpoint, deps.config.push.allowedHosts);
          await webpush.sendNotification({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, { vapidDetails, TTL: 300, timeout: 10_000, agent });
        } catch (err) {
          const status = (err as { statusCode?: number }).statusCode;
          if (status === 404 || status === 410) await sub.destroy();
          else deps.logger.warn({ err, userId: event.userId }, 'web push failed');
        }
      }),
    );
  };
  // Only the node that made a notification pushes it: with Redis every node hears every event.
  const unsubscribe = deps.bus.subscribe((event, origin) => {
    if (event.name !== 'notification' || origin === 'remote') return;
    const p = deliver(event).catch((err) => deps.logger.error({ err }, 'web push failed')).finally(() => inFlight.delete(p));
    inFlight.add(p);
  });
  return {
    async close() {
      unsubscribe();
      await Promise.allSettled([...inFlight]);
    },
  };
}
