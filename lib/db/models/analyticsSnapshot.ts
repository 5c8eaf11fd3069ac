import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

export interface AnalyticsSnapshotRow {
  id: number;
  date: string;
  client_id: number;
  user_id: number | null;
  total_visitors: number;
  total_chats: number;
  avg_response_time: number | null;
  total_messages_sent: number;
  total_files_shared: number;
  created_at: Date;
}

export const defineAnalyticsSnapshot = (s: Sequelize): Static<AnalyticsSnapshotRow> =>
  s.define('AnalyticsSnapshot', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    date: { type: DataTypes.DATEONLY, allowNull: false },
    client_id: { type: DataTypes.INTEGER, allowNull: false },
    user_id: { type: DataTypes.INTEGER },
    total_visitors: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    total_chats: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    avg_response_time: { type: DataTypes.INTEGER },
    total_messages_sent: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    total_files_shared: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  }, { tableName: 'analytics_snapshots', updatedAt: false });
