import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';

/**
 * A password the CLI made for someone (install's super admin, `agent add`, `agent passwd`) is
 * known to whoever ran the command: its owner must replace it at first sign-in, and until then
 * may do nothing else. Existing accounts are not marked.
 */
export const migration: Migration = {
  name: '20261203154000-users-must-change-password',
  async up(qi) {
    await qi.addColumn('users', 'must_change_password', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
  },
  async down(qi) {
    // A plain DROP COLUMN: Sequelize's SQLite removeColumn rebuilds the table, which foreign keys forbid once users has rows.
    await qi.sequelize.query('ALTER TABLE users DROP COLUMN must_change_password');
  },
};
