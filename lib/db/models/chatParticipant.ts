import { DataTypes, type Sequelize } from 'sequelize';
import type { Instance, Static } from './types.js';
import type { UserRow } from './user.js';

interface ChatParticipantRow {
  id: number;
  chat_id: number;
  user_id: number;
  joined_at: Date;
  left_at: Date | null;
  last_read_seq: number;
}

export const defineChatParticipant = (s: Sequelize): Static<ChatParticipantRow, { user: Instance<UserRow> }> =>
  s.define('ChatParticipant', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    chat_id: { type: DataTypes.INTEGER, allowNull: false },
    user_id: { type: DataTypes.INTEGER, allowNull: false },
    joined_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    left_at: { type: DataTypes.DATE },
    last_read_seq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  }, { tableName: 'chat_participants', timestamps: false });
