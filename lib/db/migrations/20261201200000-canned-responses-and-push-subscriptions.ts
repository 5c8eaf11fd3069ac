import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref, timestamps } from './columns.js';

/**
 * The dashboard's saved replies (global when client_id is null, else for one website) and each
 * agent's Web Push subscriptions (one row per browser; the endpoint is unique).
 */
export const migration: Migration = {
  name: '20261201200000-canned-responses-and-push-subscriptions',
  async up(qi) {
    await qi.createTable('canned_responses', {
      id: id(),
      client_id: ref('clients', 'CASCADE', true),
      shortcut: { type: DataTypes.STRING(40), allowNull: false },
      title: { type: DataTypes.STRING(120), allowNull: false },
      body: { type: DataTypes.TEXT, allowNull: false },
      created_by: ref('users', 'SET NULL', true),
      ...timestamps(),
    });
    await qi.addIndex('canned_responses', ['client_id', 'shortcut'], { name: 'canned_client_shortcut' });

    await qi.createTable('push_subscriptions', {
      id: id(),
      user_id: ref('users'),
      endpoint: { type: DataTypes.STRING(700), allowNull: false },
      endpoint_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      p256dh: { type: DataTypes.STRING(200), allowNull: false },
      auth: { type: DataTypes.STRING(100), allowNull: false },
      user_agent: { type: DataTypes.STRING(255), allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('push_subscriptions', ['user_id'], { name: 'push_subscriptions_user' });
  },
  async down(qi) {
    await qi.dropTable('push_subscriptions');
    await qi.dropTable('canned_responses');
  },
};
