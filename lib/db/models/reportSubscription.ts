import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

/** A row of report_subscriptions (read and written by lib/db/reports/reportSubscriptions.ts; the model is for backups). */
interface ReportSubscriptionRow {
  id: number;
  user_id: number;
  frequency: string;
  /** JSON list of website ids; null: all he may see. */
  client_ids: string | null;
  last_from: string | null;
  created_at: Date;
  updated_at: Date;
}

export const defineReportSubscription = (s: Sequelize): Static<ReportSubscriptionRow> =>
  s.define('ReportSubscription', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    user_id: { type: DataTypes.INTEGER, allowNull: false, unique: true },
    frequency: { type: DataTypes.STRING(10), allowNull: false },
    client_ids: { type: DataTypes.TEXT },
    last_from: { type: DataTypes.STRING(10) },
  }, { tableName: 'report_subscriptions' });
