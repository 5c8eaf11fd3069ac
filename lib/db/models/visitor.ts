import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

export interface VisitorRow {
  id: number;
  client_id: number;
  visitor_key: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  ip_address: string | null;
  country: string | null;
  city: string | null;
  device: string | null;
  browser: string | null;
  os: string | null;
  first_visit_at: Date;
  last_visit_at: Date;
  total_visits: number;
  created_at: Date;
  updated_at: Date;
}

export const defineVisitor = (s: Sequelize): Static<VisitorRow> =>
  s.define('Visitor', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    client_id: { type: DataTypes.INTEGER, allowNull: false },
    visitor_key: { type: DataTypes.STRING(64), allowNull: false },
    name: { type: DataTypes.STRING(120) },
    email: { type: DataTypes.STRING(190) },
    phone: { type: DataTypes.STRING(40) },
    ip_address: { type: DataTypes.STRING(45) },
    country: { type: DataTypes.STRING(80) },
    city: { type: DataTypes.STRING(120) },
    device: { type: DataTypes.STRING(20) },
    browser: { type: DataTypes.STRING(80) },
    os: { type: DataTypes.STRING(80) },
    first_visit_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    last_visit_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    total_visits: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
  }, { tableName: 'visitors' });
