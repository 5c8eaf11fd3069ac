import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref, timestamps } from './columns.js';

export const migration: Migration = {
  name: '20261125010000-clients-and-users',
  async up(qi) {
    await qi.createTable('clients', {
      id: id(),
      name: { type: DataTypes.STRING(120), allowNull: false },
      widget_key: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      domains: { type: DataTypes.JSON, allowNull: false },
      logo: { type: DataTypes.STRING(255), allowNull: true },
      widget_settings: { type: DataTypes.JSON, allowNull: false },
      is_active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      ...timestamps(),
    });
    await qi.addIndex('clients', ['is_active', 'name'], { name: 'clients_active_name' });

    await qi.createTable('users', {
      id: id(),
      name: { type: DataTypes.STRING(120), allowNull: false },
      email: { type: DataTypes.STRING(190), allowNull: false, unique: true },
      password_hash: { type: DataTypes.STRING(100), allowNull: false },
      pseudo_name: { type: DataTypes.STRING(80), allowNull: false },
      avatar: { type: DataTypes.STRING(255), allowNull: true },
      role: { type: DataTypes.STRING(20), allowNull: false },
      status: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'offline' },
      is_active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      last_seen_at: { type: DataTypes.DATE, allowNull: true },
      push_subscriptions: { type: DataTypes.JSON, allowNull: false },
      preferences: { type: DataTypes.JSON, allowNull: false },
      failed_login_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      locked_until: { type: DataTypes.DATE, allowNull: true },
      ...timestamps(),
    });
    await qi.addIndex('users', ['role', 'is_active'], { name: 'users_role_active' });

    await qi.createTable('client_agent', {
      id: id(),
      client_id: ref('clients'),
      user_id: ref('users'),
      assigned_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('client_agent', ['client_id', 'user_id'], { name: 'client_agent_unique', unique: true });
    await qi.addIndex('client_agent', ['user_id'], { name: 'client_agent_user' });
  },
  async down(qi) {
    await qi.dropTable('client_agent');
    await qi.dropTable('users');
    await qi.dropTable('clients');
  },
};
