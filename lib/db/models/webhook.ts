import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

export interface WebhookSubscriptionRow {
  id: number;
  /** null: every website. */
  client_id: number | null;
  url: string;
  /** JSON list of event types. */
  events: string;
  secret: string;
  disabled_at: Date | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryRow {
  id: number;
  subscription_id: number;
  event_id: string;
  event_type: string;
  order_key: string;
  chat_id: number | null;
  message_seq: number | null;
  payload: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  lease_until: Date | null;
  response_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const defineWebhookSubscription = (s: Sequelize): Static<WebhookSubscriptionRow> =>
  s.define('WebhookSubscription', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    client_id: { type: DataTypes.INTEGER },
    url: { type: DataTypes.STRING(2048), allowNull: false },
    events: { type: DataTypes.TEXT, allowNull: false },
    secret: { type: DataTypes.STRING(200), allowNull: false },
    disabled_at: { type: DataTypes.DATE },
    failing_since: { type: DataTypes.DATE },
  }, { tableName: 'webhook_subscriptions' });

export const defineWebhookDelivery = (s: Sequelize): Static<WebhookDeliveryRow> =>
  s.define('WebhookDelivery', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    subscription_id: { type: DataTypes.INTEGER, allowNull: false },
    event_id: { type: DataTypes.STRING(36), allowNull: false },
    event_type: { type: DataTypes.STRING(40), allowNull: false },
    order_key: { type: DataTypes.STRING(60), allowNull: false },
    chat_id: { type: DataTypes.INTEGER },
    message_seq: { type: DataTypes.INTEGER },
    payload: { type: DataTypes.TEXT },
    status: { type: DataTypes.STRING(12), allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    next_attempt_at: { type: DataTypes.DATE, allowNull: false },
    lease_until: { type: DataTypes.DATE },
    response_code: { type: DataTypes.INTEGER },
    last_error: { type: DataTypes.STRING(500) },
    delivered_at: { type: DataTypes.DATE },
  }, { tableName: 'webhook_deliveries' });
