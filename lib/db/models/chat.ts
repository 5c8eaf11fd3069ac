import { DataTypes, type Sequelize } from 'sequelize';
import type { Instance, Static } from './types.js';
import type { VisitorRow } from './visitor.js';
import type { LeadFieldValue } from '../../protocol/dto.js';
import type { ChatPriority } from '../../protocol/dto.js';

export const CHAT_STATUSES = ['waiting', 'active', 'closed', 'offline'] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];

export interface ChatRow {
  id: number;
  client_id: number;
  visitor_id: number;
  visitor_session_id: number | null;
  previous_chat_id: number | null;
  status: ChatStatus;
  lead_form_filled: boolean;
  service_type: string | null;
  last_seq: number;
  started_at: Date;
  first_response_at: Date | null;
  last_message_at: Date | null;
  ended_at: Date | null;
  ended_by: 'agent' | 'visitor' | 'system' | null;
  rating: number | null;
  rating_comment: string | null;
  department_id: number | null;
  /** The agent routing gave the chat to (or who took it); null while it waits for one. */
  assigned_agent_id: number | null;
  /** low, medium, high or urgent (urgent waiting chats come first). */
  priority: ChatPriority;
  assigned_at: Date | null;
  /** Agents who let the chat pass (not joined in time): offered again only when nobody else can take it. */
  routing_passed: number[] | null;
  /** Since when the chat waits in the queue (every eligible agent at their cap); null when not queued. */
  queued_at: Date | null;
  /** The answers to the website's own pre-chat questions, each with the label it was asked with. */
  lead_fields: LeadFieldValue[] | null;
  /** When the visitor ticked the website's consent box (null: not asked, or an older chat). */
  consent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const defineChat = (s: Sequelize): Static<ChatRow, { visitor: Instance<VisitorRow> }> =>
  s.define('Chat', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    client_id: { type: DataTypes.INTEGER, allowNull: false },
    visitor_id: { type: DataTypes.INTEGER, allowNull: false },
    visitor_session_id: { type: DataTypes.INTEGER },
    previous_chat_id: { type: DataTypes.INTEGER },
    status: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'waiting' },
    lead_form_filled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    service_type: { type: DataTypes.STRING(80) },
    last_seq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    started_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    first_response_at: { type: DataTypes.DATE },
    last_message_at: { type: DataTypes.DATE },
    ended_at: { type: DataTypes.DATE },
    ended_by: { type: DataTypes.STRING(10) },
    rating: { type: DataTypes.INTEGER },
    rating_comment: { type: DataTypes.TEXT },
    department_id: { type: DataTypes.INTEGER },
    assigned_agent_id: { type: DataTypes.INTEGER },
    // The default is the database's (migration 20261203190100), so rows made while it is rolled back still insert.
    priority: { type: DataTypes.STRING(8) },
    assigned_at: { type: DataTypes.DATE },
    routing_passed: { type: DataTypes.JSON },
    queued_at: { type: DataTypes.DATE },
    lead_fields: { type: DataTypes.JSON },
    consent_at: { type: DataTypes.DATE },
  }, { tableName: 'chats' });
