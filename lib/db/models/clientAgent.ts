import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

interface ClientAgentRow {
  id: number;
  client_id: number;
  user_id: number;
  assigned_at: Date;
  /** Round robin's turn: the agent with the lowest gets the website's next chat (then the highest plus one). */
  routing_turn: number;
}

export const defineClientAgent = (s: Sequelize): Static<ClientAgentRow> =>
  s.define('ClientAgent', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    client_id: { type: DataTypes.INTEGER, allowNull: false },
    user_id: { type: DataTypes.INTEGER, allowNull: false },
    assigned_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    routing_turn: { type: DataTypes.INTEGER },
  }, { tableName: 'client_agent', timestamps: false });
