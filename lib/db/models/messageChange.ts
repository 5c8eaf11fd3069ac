import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

/** One edit, delete or reaction toggle of a message: its place in the chat (seq) and its audit. */
export interface MessageChangeRow {
  id: number;
  chat_id: number;
  message_id: number;
  seq: number;
  client_change_id: string;
  actor_type: 'agent' | 'visitor';
  actor_id: number;
  kind: 'edit' | 'delete' | 'react';
  /** edit: the text before it; delete: the deleted text when the setting keeps it. */
  previous_body: string | null;
  emoji: string | null;
  created_at: Date;
}

export const defineMessageChange = (s: Sequelize): Static<MessageChangeRow> =>
  s.define('MessageChange', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    chat_id: { type: DataTypes.INTEGER, allowNull: false },
    message_id: { type: DataTypes.INTEGER, allowNull: false },
    seq: { type: DataTypes.INTEGER, allowNull: false },
    client_change_id: { type: DataTypes.STRING(64), allowNull: false },
    actor_type: { type: DataTypes.STRING(10), allowNull: false },
    actor_id: { type: DataTypes.INTEGER, allowNull: false },
    kind: { type: DataTypes.STRING(10), allowNull: false },
    previous_body: { type: DataTypes.TEXT },
    emoji: { type: DataTypes.STRING(16) },
  }, { tableName: 'message_changes', updatedAt: false });
