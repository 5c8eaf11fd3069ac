import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

interface PushSubscriptionRow {
  id: number;
  user_id: number;
  endpoint: string;
  /** sha256 of the endpoint: endpoints are long URLs, too long for a portable unique index. */
  endpoint_hash: string;
  p256dh: string;
  auth: string;
  user_agent: string | null;
  created_at: Date;
}

export const definePushSubscription = (s: Sequelize): Static<PushSubscriptionRow> =>
  s.define('PushSubscription', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    user_id: { type: DataTypes.INTEGER, allowNull: false },
    endpoint: { type: DataTypes.STRING(700), allowNull: false },
    endpoint_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    p256dh: { type: DataTypes.STRING(200), allowNull: false },
    auth: { type: DataTypes.STRING(100), allowNull: false },
    user_agent: { type: DataTypes.STRING(255) },
  }, { tableName: 'push_subscriptions', updatedAt: false });
