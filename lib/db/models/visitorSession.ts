import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

interface VisitorSessionRow {
  id: number;
  visitor_id: number;
  client_id: number;
  session_key: string;
  referrer_url: string | null;
  landing_page: string | null;
  current_page: string | null;
  utm: Record<string, string> | null;
  is_online: boolean;
  started_at: Date;
  last_activity_at: Date;
}

export const defineVisitorSession = (s: Sequelize): Static<VisitorSessionRow> =>
  s.define('VisitorSession', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    visitor_id: { type: DataTypes.INTEGER, allowNull: false },
    client_id: { type: DataTypes.INTEGER, allowNull: false },
    session_key: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    referrer_url: { type: DataTypes.STRING(2048) },
    landing_page: { type: DataTypes.STRING(2048) },
    current_page: { type: DataTypes.STRING(2048) },
    utm: { type: DataTypes.JSON },
    is_online: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    started_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    last_activity_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
  }, { tableName: 'visitor_sessions', timestamps: false });
