import { Op, QueryTypes } from 'sequelize';
import type { Database } from '../index.js';

type Db = Pick<Database, 'sequelize' | 'models'>;

/**
 * The deliveries a worker may send now: the oldest pending row of each (subscription, order_key)
 * queue (a chat's events go out one after the other, in order), when it is due, not leased by a
 * node (or its lease ran out: that node died), and its subscription is enabled.
 */
export async function dueDeliveryIds(db: Db, now: Date, limit: number): Promise<number[]> {
  const rows = await db.sequelize.query<{ id: number }>(
    'SELECT d.id FROM webhook_deliveries d ' +
      "JOIN (SELECT MIN(id) AS id FROM webhook_deliveries WHERE status = 'pending' GROUP BY subscription_id, order_key) h ON h.id = d.id " +
      'JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.disabled_at IS NULL ' +
      'WHERE d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?) ORDER BY d.id LIMIT ?',
    { replacements: [now, now, limit], type: QueryTypes.SELECT },
  );
  return rows.map((r) => Number(r.id));
}

/** Takes a delivery for this node until `until`, unless another node did first (a conditional update): true when taken. */
export async function claimDelivery(db: Db, id: number, now: Date, until: Date): Promise<boolean> {
  const [count] = await db.models.WebhookDelivery.update(
    { lease_until: until },
    { where: { id, status: 'pending', [Op.or]: [{ lease_until: null }, { lease_until: { [Op.lt]: now } }] } },
  );
  return count === 1;
}

/** How many deliveries wait to go out (the backlog), for /metrics. */
export const pendingDeliveries = (db: Db) => db.models.WebhookDelivery.count({ where: { status: 'pending' } });
