import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref, timestamps } from './columns.js';

/**
 * Webhooks: the subscriptions (a super admin's; client_id NULL for every website) and the outbox,
 * one row per (event, subscription), written in the transaction of the change. The worker claims
 * a row with a lease (lease_until, a conditional UPDATE), so each row goes out once per cluster,
 * and a row whose lease ran out (its node died) is claimed again: at least once. order_key keeps
 * a chat's events in order: only the oldest pending row of a (subscription, order_key) is sent.
 * payload NULL: a message written by the message pipeline, presented when it is sent (chat_id, seq).
 */
export const migration: Migration = {
  name: '20261203184000-webhooks',
  async up(qi) {
    await qi.createTable('webhook_subscriptions', {
      id: id(),
      client_id: ref('clients', 'CASCADE', true),
      url: { type: DataTypes.STRING(2048), allowNull: false },
      /** JSON list of event types, each in double quotes (the outbox matches them with LIKE). */
      events: { type: DataTypes.TEXT, allowNull: false },
      secret: { type: DataTypes.STRING(200), allowNull: false },
      disabled_at: { type: DataTypes.DATE, allowNull: true },
      /** The first failure since the last success: a day of failures disables the subscription. */
      failing_since: { type: DataTypes.DATE, allowNull: true },
      ...timestamps(),
    });
    await qi.createTable('webhook_deliveries', {
      id: id(),
      subscription_id: ref('webhook_subscriptions'),
      event_id: { type: DataTypes.STRING(36), allowNull: false },
      event_type: { type: DataTypes.STRING(40), allowNull: false },
      order_key: { type: DataTypes.STRING(60), allowNull: false },
      chat_id: { type: DataTypes.INTEGER, allowNull: true },
      message_seq: { type: DataTypes.INTEGER, allowNull: true },
      payload: { type: qi.sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium'), allowNull: true },
      status: { type: DataTypes.STRING(12), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      next_attempt_at: { type: DataTypes.DATE, allowNull: false },
      lease_until: { type: DataTypes.DATE, allowNull: true },
      response_code: { type: DataTypes.INTEGER, allowNull: true },
      last_error: { type: DataTypes.STRING(500), allowNull: true },
      delivered_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps(),
    });
    await qi.addIndex('webhook_deliveries', ['status', 'subscription_id', 'order_key', 'id'], { name: 'webhook_deliveries_queue' });
    await qi.addIndex('webhook_deliveries', ['subscription_id', 'id'], { name: 'webhook_deliveries_log' });
  },
  async down(qi) {
    await qi.dropTable('webhook_deliveries');
    await qi.dropTable('webhook_subscriptions');
  },
};
