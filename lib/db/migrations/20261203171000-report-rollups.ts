import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';

const count = { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 };
const seconds = { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 };

/**
 * Rollups of the Analytics figures, so a report reads a row per day and website (and agent)
 * instead of every chat of the period: report_rollups holds a day's additive counters per website
 * (user_id 0: the website's row, with the first-response buckets, the hours, the ratings per star and the messages) and
 * per agent and website; report_rollup_days lists the days rolled up (a day with no chats has no
 * rows but is rolled up all the same). Kept by the nightly analytics job.
 */
export const migration: Migration = {
  name: '20261203171000-report-rollups',
  async up(qi) {
    await qi.createTable('report_rollups', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      day: { type: DataTypes.DATEONLY, allowNull: false },
      client_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'clients', key: 'id' }, onDelete: 'CASCADE' },
      user_id: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      chats: count,
      missed: count,
      conversions: count,
      response_seconds: seconds,
      responded: count,
      duration_seconds: seconds,
      ended: count,
      rating_sum: count,
      rated: count,
      messages: count,
      files: count,
      /** JSON: chats per first-response bucket (website rows). */
      first_response: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '[]' },
      /** JSON: chats started per hour of the day on the company's clock (website rows). */
      hours: { type: DataTypes.STRING(400), allowNull: false, defaultValue: '[]' },
      /** JSON: rated chats per star, 1 to 5 (website rows). */
      ratings: { type: DataTypes.STRING(100), allowNull: false, defaultValue: '[]' },
    });
    await qi.addIndex('report_rollups', ['day', 'client_id', 'user_id'], { name: 'report_rollups_day_client_user', unique: true });
    await qi.createTable('report_rollup_days', {
      day: { type: DataTypes.DATEONLY, primaryKey: true },
      rolled_up_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down(qi) {
    await qi.dropTable('report_rollups');
    await qi.dropTable('report_rollup_days');
  },
};
