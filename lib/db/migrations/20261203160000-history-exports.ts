import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref } from './columns.js';

/**
 * Exports of the chat history too big to stream in one request: each runs in the background on
 * the node that took it, shows its progress here (any node answers the dashboard's poll) and
 * leaves a file in <data dir>/exports. Operational state, not data: backups do not carry it.
 */
export const migration: Migration = {
  name: '20261203160000-history-exports',
  async up(qi) {
    await qi.createTable('history_exports', {
      id: id(),
      user_id: ref('users'),
      format: { type: DataTypes.STRING(8), allowNull: false },
      with_messages: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      filter: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'running' },
      done_chats: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      total_chats: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      bytes: { type: DataTypes.BIGINT, allowNull: true },
      error: { type: DataTypes.TEXT, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      finished_at: { type: DataTypes.DATE, allowNull: true },
    });
    await qi.addIndex('history_exports', ['user_id', 'created_at'], { name: 'history_exports_user' });
  },
  async down(qi) {
    await qi.dropTable('history_exports');
  },
};
