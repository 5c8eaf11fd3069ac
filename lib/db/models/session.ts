import { DataTypes, type Sequelize } from 'sequelize';
import type { Instance, Static } from './types.js';
import type { UserRow } from './user.js';

export interface SessionRow {
  id: number;
  user_id: number;
  token_hash: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  expires_at: Date;
  created_at: Date;
}

export const defineSession = (s: Sequelize): Static<SessionRow, { user: Instance<UserRow> }> =>
  s.define('Session', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    user_id: { type: DataTypes.INTEGER, allowNull: false },
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    csrf_token: { type: DataTypes.STRING(64), allowNull: false },
    ip: { type: DataTypes.STRING(45) },
    user_agent: { type: DataTypes.STRING(300) },
    expires_at: { type: DataTypes.DATE, allowNull: false },
  }, { tableName: 'sessions', updatedAt: false });
