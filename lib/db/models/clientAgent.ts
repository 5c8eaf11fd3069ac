import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

interface ClientAgentRow {
  id: number;
  client_id: number;
  user_id: number;
  assigned_at: Date;
}

export const defineClientAgent = (s: Sequelize): Static<ClientAgentRow> =>
  s.define('ClientAgent', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    client_id: { type: DataTypes.INTEGER, allowNull: false },
    user_id: { type: DataTypes.INTEGER, allowNull: false },
    assigned_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
  }, { tableName: 'client_agent', timestamps: false });
