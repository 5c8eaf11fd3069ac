import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';

/** A chat's priority (low, medium, high, urgent): urgent waiting chats come first in every agent's list. Existing chats are medium. */
export const migration: Migration = {
  name: '20261203190100-chat-priority',
  async up(qi) {
    await qi.addColumn('chats', 'priority', { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'medium' });
  },
  async down(qi) {
    // A plain DROP COLUMN: Sequelize's SQLite removeColumn rebuilds the table, which foreign keys forbid once chats has rows.
    await qi.sequelize.query('ALTER TABLE chats DROP COLUMN priority');
  },
};
