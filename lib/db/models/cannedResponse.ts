import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

export interface CannedResponseRow {
  id: number;
  /** null: a reply every agent may use on every website. */
  client_id: number | null;
  shortcut: string;
  title: string;
  body: string;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export const defineCannedResponse = (s: Sequelize): Static<CannedResponseRow> =>
  s.define('CannedResponse', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    client_id: { type: DataTypes.INTEGER },
    shortcut: { type: DataTypes.STRING(40), allowNull: false },
    title: { type: DataTypes.STRING(120), allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    created_by: { type: DataTypes.INTEGER },
  }, { tableName: 'canned_responses' });
