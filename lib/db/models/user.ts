import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

export const ROLES = ['super_admin', 'manager', 'agent'] as const;
export type Role = (typeof ROLES)[number];
/** busy: signed in and working, but takes no new chats. */
export const AGENT_STATUSES = ['online', 'busy', 'away', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface UserRow {
  id: number;
  name: string;
  email: string;
  password_hash: string;
  pseudo_name: string;
  avatar: string | null;
  role: Role;
  status: AgentStatus;
  is_active: boolean;
  last_seen_at: Date | null;
  push_subscriptions: unknown[];
  preferences: Record<string, unknown>;
  failed_login_count: number;
  locked_until: Date | null;
  /** A password the CLI set for this user: it must be replaced before anything else (see the runner). */
  must_change_password: boolean;
  /** The most chats routing gives this agent at once. */
  max_chats: number;
  /** A manager allowed to assign waiting chats by hand (super admins always are). */
  can_assign_chats: boolean;
  created_at: Date;
  updated_at: Date;
}

export const defineUser = (s: Sequelize): Static<UserRow> =>
  s.define('User', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    name: { type: DataTypes.STRING(120), allowNull: false },
    email: { type: DataTypes.STRING(190), allowNull: false, unique: true },
    password_hash: { type: DataTypes.STRING(100), allowNull: false },
    pseudo_name: { type: DataTypes.STRING(80), allowNull: false },
    avatar: { type: DataTypes.STRING(255) },
    role: { type: DataTypes.STRING(20), allowNull: false },
    status: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'offline' },
    is_active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    last_seen_at: { type: DataTypes.DATE },
    push_subscriptions: { type: DataTypes.JSON, allowNull: false, defaultValue: [] },
    preferences: { type: DataTypes.JSON, allowNull: false, defaultValue: {} },
    failed_login_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    must_change_password: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    locked_until: { type: DataTypes.DATE },
    // Defaults are the database's (migration 20261203180000), so rows made while it is rolled back still insert.
    max_chats: { type: DataTypes.INTEGER },
    can_assign_chats: { type: DataTypes.BOOLEAN },
  }, { tableName: 'users' });
