import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

export interface ApiTokenRow {
  id: number;
  user_id: number;
  name: string;
  /** JSON list of scopes. */
  scopes: string;
  /** SHA-256 (hex) of the secret; the secret itself is never stored. */
  token_hash: string;
  prefix: string;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const defineApiToken = (s: Sequelize): Static<ApiTokenRow> =>
  s.define('ApiToken', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    user_id: { type: DataTypes.INTEGER, allowNull: false },
    name: { type: DataTypes.STRING(80), allowNull: false },
    scopes: { type: DataTypes.STRING(200), allowNull: false },
    token_hash: { type: DataTypes.STRING(64), allowNull: false },
    prefix: { type: DataTypes.STRING(16), allowNull: false },
    last_used_at: { type: DataTypes.DATE },
    revoked_at: { type: DataTypes.DATE },
  }, { tableName: 'api_tokens' });
