import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref } from './columns.js';

export const migration: Migration = {
  name: '20261125010300-notifications-analytics-audit-sessions',
  async up(qi) {
    await qi.createTable('notifications', {
      id: id(),
      user_id: ref('users'),
      type: { type: DataTypes.STRING(40), allowNull: false },
      data: { type: DataTypes.JSON, allowNull: false },
      read_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('notifications', ['user_id', 'read_at', 'created_at'], { name: 'notifications_user_unread' });

    await qi.createTable('analytics_snapshots', {
      id: id(),
      date: { type: DataTypes.DATEONLY, allowNull: false },
      client_id: ref('clients'),
      user_id: ref('users', 'CASCADE', true),
      total_visitors: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      total_chats: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      avg_response_time: { type: DataTypes.INTEGER, allowNull: true },
      total_messages_sent: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      total_files_shared: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('analytics_snapshots', ['date', 'client_id', 'user_id'], { name: 'analytics_day_client_user' });

    await qi.createTable('audit_logs', {
      id: id(),
      actor_type: { type: DataTypes.STRING(10), allowNull: false },
      actor_id: { type: DataTypes.INTEGER, allowNull: true },
      action: { type: DataTypes.STRING(60), allowNull: false },
      target_type: { type: DataTypes.STRING(30), allowNull: true },
      target_id: { type: DataTypes.INTEGER, allowNull: true },
      ip: { type: DataTypes.STRING(45), allowNull: true },
      details: { type: DataTypes.JSON, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('audit_logs', ['action', 'created_at'], { name: 'audit_action_time' });
    await qi.addIndex('audit_logs', ['actor_type', 'actor_id', 'created_at'], { name: 'audit_actor_time' });

    await qi.createTable('sessions', {
      id: id(),
      user_id: ref('users'),
      token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      csrf_token: { type: DataTypes.STRING(64), allowNull: false },
      ip: { type: DataTypes.STRING(45), allowNull: true },
      user_agent: { type: DataTypes.STRING(300), allowNull: true },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('sessions', ['user_id'], { name: 'sessions_user' });
    await qi.addIndex('sessions', ['expires_at'], { name: 'sessions_expiry' });
  },
  async down(qi) {
    await qi.dropTable('sessions');
    await qi.dropTable('audit_logs');
    await qi.dropTable('analytics_snapshots');
    await qi.dropTable('notifications');
  },
};
