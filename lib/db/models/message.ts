import { DataTypes, type Sequelize } from 'sequelize';
import type { Instance, Static } from './types.js';
import type { ChatRow } from './chat.js';
import type { VisitorRow } from './visitor.js';

export interface MessageRow {
  id: number;
  chat_id: number;
  seq: number;
  client_msg_id: string | null;
  sender_type: 'agent' | 'visitor' | 'system';
  sender_id: number | null;
  message_type: 'text' | 'file' | 'system';
  body: string | null;
  is_internal: boolean;
  file_path: string | null;
  file_name: string | null;
  file_size: number | null;
  file_type: string | null;
  file_deleted_at: Date | null;
  is_read: boolean;
  read_at: Date | null;
  created_at: Date;
  /** The message this one answers (same chat). */
  reply_to_id?: number | null;
  edited_at?: Date | null;
  /** Set by a delete: the body is null from then on (kept in message_changes when the setting says so). */
  deleted_at?: Date | null;
  /** JSON: emoji -> who reacted ("agent:3", "visitor:5"), in the order they did. */
  reactions?: string | null;
  /** When the other side's device got it (read implies delivered). */
  delivered_at?: Date | null;
}

export const defineMessage = (s: Sequelize): Static<MessageRow, { chat: Instance<ChatRow, { visitor: Instance<VisitorRow> }> }> =>
  s.define('Message', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    chat_id: { type: DataTypes.INTEGER, allowNull: false },
    seq: { type: DataTypes.INTEGER, allowNull: false },
    client_msg_id: { type: DataTypes.STRING(64) },
    sender_type: { type: DataTypes.STRING(10), allowNull: false },
    sender_id: { type: DataTypes.INTEGER },
    message_type: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'text' },
    body: { type: DataTypes.TEXT },
    is_internal: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    file_path: { type: DataTypes.STRING(512) },
    file_name: { type: DataTypes.STRING(255) },
    file_size: { type: DataTypes.INTEGER },
    file_type: { type: DataTypes.STRING(100) },
    file_deleted_at: { type: DataTypes.DATE },
    is_read: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    read_at: { type: DataTypes.DATE },
    reply_to_id: { type: DataTypes.INTEGER },
    edited_at: { type: DataTypes.DATE },
    deleted_at: { type: DataTypes.DATE },
    reactions: { type: DataTypes.TEXT },
    delivered_at: { type: DataTypes.DATE },
  }, { tableName: 'messages', updatedAt: false });
