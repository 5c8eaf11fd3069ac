import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

interface ChatTransferRow {
  id: number;
  chat_id: number;
  from_agent_id: number | null;
  to_agent_id: number | null;
  mode: 'leave' | 'stay';
  reason: string | null;
  transferred_at: Date;
}

export const defineChatTransfer = (s: Sequelize): Static<ChatTransferRow> =>
  s.define('ChatTransfer', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    chat_id: { type: DataTypes.INTEGER, allowNull: false },
    from_agent_id: { type: DataTypes.INTEGER },
    to_agent_id: { type: DataTypes.INTEGER },
    mode: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'leave' },
    reason: { type: DataTypes.STRING(500) },
    transferred_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
  }, { tableName: 'chat_transfers', timestamps: false });
