import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref, timestamps } from './columns.js';

/**
 * The scheduled report: a manager's (or super admin's) own subscription to the weekly or monthly
 * PDF by e-mail, one row per user. `client_ids` is a JSON list of website ids, or NULL for every
 * website he may see when it is sent (his access is checked again at each sending). `last_from`
 * is the first day of the last period sent: the job claims a period by moving it, so a rerun or a
 * second node sends nothing twice.
 */
export const migration: Migration = {
  name: '20261203172000-report-subscriptions',
  async up(qi) {
    await qi.createTable('report_subscriptions', {
      id: id(),
      user_id: { ...ref('users'), unique: true },
      frequency: { type: DataTypes.STRING(10), allowNull: false },
      client_ids: { type: DataTypes.TEXT, allowNull: true },
      last_from: { type: DataTypes.STRING(10), allowNull: true },
      ...timestamps(),
    });
  },
  async down(qi) {
    await qi.dropTable('report_subscriptions');
  },
};
