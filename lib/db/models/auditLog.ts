import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

export interface AuditLogRow {
  id: number;
  actor_type: 'user' | 'cli' | 'system' | 'visitor';
  actor_id: number | null;
  action: string;
  target_type: string | null;
  target_id: number | null;
  ip: string | null;
  details: Record<string, unknown> | null;
  /** The website concerned, when there is one (the audit screen's filter). */
  client_id?: number | null;
  created_at: Date;
}

export const defineAuditLog = (s: Sequelize): Static<AuditLogRow> =>
  s.define('AuditLog', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    actor_type: { type: DataTypes.STRING(10), allowNull: false },
    actor_id: { type: DataTypes.INTEGER },
    action: { type: DataTypes.STRING(60), allowNull: false },
    target_type: { type: DataTypes.STRING(30) },
    target_id: { type: DataTypes.INTEGER },
    client_id: { type: DataTypes.INTEGER },
    ip: { type: DataTypes.STRING(45) },
    details: { type: DataTypes.JSON },
  }, { tableName: 'audit_logs', updatedAt: false });
