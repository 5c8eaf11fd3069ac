import { QueryTypes, type Sequelize } from 'sequelize';
import type { ReportFrequency } from '../../protocol/http.js';
import type { Role } from '../models/user.js';

export interface ReportSubscription {
  userId: number;
  frequency: ReportFrequency;
  /** Website ids; null: every website the user may see when the report is sent. */
  clientIds: number[] | null;
}

/** A subscriber as the scheduled job reads him: his subscription and who he is now. */
export interface Subscriber extends ReportSubscription {
  email: string;
  name: string;
  role: Role;
}

type Row = Record<string, unknown>;
/** Rows an UPDATE changed: SQLite's statement reports `changes`, MariaDB's result `affectedRows`. */
const affectedRows = (meta: unknown) => {
  const m = meta as { changes?: number; affectedRows?: number } | number | undefined;
  return typeof m === 'number' ? m : (m?.changes ?? m?.affectedRows ?? 0);
};
const toSubscription = (r: Row): ReportSubscription => ({
  userId: Number(r.user_id),
  frequency: r.frequency as ReportFrequency,
  clientIds: r.client_ids == null ? null : (JSON.parse(String(r.client_ids)) as number[]),
});

/** The report_subscriptions table (migration 20261203172000-report-subscriptions), in plain statements. */
export function reportSubscriptions(sequelize: Sequelize) {
  return {
    async find(userId: number): Promise<ReportSubscription | null> {
      const [row] = await sequelize.query<Row>('SELECT * FROM report_subscriptions WHERE user_id = ?', { replacements: [userId], type: QueryTypes.SELECT });
      return row ? toSubscription(row) : null;
    },
    /** Sets the user's subscription (one per user); the last period sent is kept while the frequency stays. */
    save: (s: ReportSubscription, now: Date): Promise<void> =>
      sequelize.transaction(async (transaction) => {
        const clientIds = s.clientIds ? JSON.stringify(s.clientIds) : null;
        const [existing] = await sequelize.query<Row>('SELECT id FROM report_subscriptions WHERE user_id = ?', { replacements: [s.userId], type: QueryTypes.SELECT, transaction });
        if (existing) {
          await sequelize.query('UPDATE report_subscriptions SET last_from = CASE WHEN frequency = ? THEN last_from ELSE NULL END, frequency = ?, client_ids = ?, updated_at = ? WHERE user_id = ?', {
            replacements: [s.frequency, s.frequency, clientIds, now, s.userId],
            transaction,
          });
          return;
        }
        await sequelize.query('INSERT INTO report_subscriptions (user_id, frequency, client_ids, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', {
          replacements: [s.userId, s.frequency, clientIds, now, now],
          transaction,
        });
      }),
    remove: (userId: number) => sequelize.query('DELETE FROM report_subscriptions WHERE user_id = ?', { replacements: [userId] }),
    /**
     * Claims the sending of the period starting `from` to this subscriber: true once, for the
     * first caller (one atomic UPDATE, so two nodes or a rerun do not both send it).
     */
    async claim(userId: number, frequency: ReportFrequency, from: string): Promise<boolean> {
      const [, meta] = await sequelize.query('UPDATE report_subscriptions SET last_from = ? WHERE user_id = ? AND frequency = ? AND (last_from IS NULL OR last_from <> ?)', {
        replacements: [from, userId, frequency, from],
        type: QueryTypes.UPDATE,
      });
      return affectedRows(meta) === 1;
    },
    /** The active users subscribed at this frequency, in id order. */
    async subscribers(frequency: ReportFrequency): Promise<Subscriber[]> {
      const rows = await sequelize.query<Row>(
        'SELECT s.user_id, s.frequency, s.client_ids, u.email, u.name, u.role FROM report_subscriptions s JOIN users u ON u.id = s.user_id WHERE s.frequency = ? AND u.is_active = ? ORDER BY s.user_id',
        { replacements: [frequency, true], type: QueryTypes.SELECT },
      );
      return rows.map((r) => ({ ...toSubscription(r), email: String(r.email), name: String(r.name), role: r.role as Role }));
    },
  };
}
