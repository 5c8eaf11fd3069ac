import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id } from './columns.js';

/**
 * The cluster lock of the scheduled jobs (and the throttle of admin alerts): one row per name
 * (unique, so of two nodes inserting the same name one fails).
 * `last_slot` is the scheduled time of the last run that took the lock, so a node whose clock or
 * timer fires a little later than another's does not run the same scheduled run a second time.
 */
export const migration: Migration = {
  name: '20261125043000-job-locks',
  async up(qi) {
    await qi.createTable('job_locks', {
      id: id(),
      name: { type: DataTypes.STRING(150), allowNull: false, unique: true },
      locked_until: { type: DataTypes.DATE(3), allowNull: false },
      owner: { type: DataTypes.STRING(150), allowNull: false },
      last_slot: { type: DataTypes.DATE(3), allowNull: true },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
  },
  async down(qi) {
    await qi.dropTable('job_locks');
  },
};
