import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';

/** The lead form's service type belongs to the chat it was asked for (a visitor may ask about different services). */
export const migration: Migration = {
  name: '20261125020000-chat-service-type',
  async up(qi) {
    await qi.addColumn('chats', 'service_type', { type: DataTypes.STRING(80), allowNull: true });
  },
  async down(qi) {
    // A plain DROP COLUMN (SQLite 3.35+, MySQL, MariaDB): Sequelize's SQLite removeColumn rebuilds
    // the table, which foreign keys from messages forbid once chats has rows.
    await qi.sequelize.query('ALTER TABLE chats DROP COLUMN service_type');
  },
};
