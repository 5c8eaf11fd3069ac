import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

/** A block of a website: a visitor, or an address range (CIDR or one address), with the agent's reason. */
export interface VisitorBlockRow {
  id: number;
  client_id: number;
  visitor_id: number | null;
  ip_range: string | null;
  reason: string;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export const defineVisitorBlock = (s: Sequelize): Static<VisitorBlockRow> =>
  s.define('VisitorBlock', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    client_id: { type: DataTypes.INTEGER, allowNull: false },
    visitor_id: { type: DataTypes.INTEGER },
    ip_range: { type: DataTypes.STRING(49) },
    reason: { type: DataTypes.STRING(500), allowNull: false },
    created_by: { type: DataTypes.INTEGER },
  }, { tableName: 'visitor_blocks' });
