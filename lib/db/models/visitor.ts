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
  /** The host site's user id, from a signed identify(). */
  external_user_id: string | null;
  /** 'verified': name and e-mail came signed; 'unverified': from an unsigned identify(). */
  identity_status: 'verified' | 'unverified' | null;
  /** Signed custom attributes, a JSON object of strings and numbers. */
  attributes: string | null;
  /** The visitor this one was merged into (the same signed user on an earlier device). */
  merged_into_id: number | null;
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
    external_user_id: { type: DataTypes.STRING(190) },
    identity_status: { type: DataTypes.STRING(12) },
    attributes: { type: DataTypes.TEXT },
    merged_into_id: { type: DataTypes.INTEGER },
  }, { tableName: 'visitors' });
