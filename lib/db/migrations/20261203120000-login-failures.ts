import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';

/**
 * Sign-in attempts counted per (e-mail, address) pair and per e-mail, in a fixed window: the
 * lockout's counters, in the database every node shares, each bumped by one atomic statement (two
 * nodes or ten concurrent requests never lose a count). `subject` is a hash, so the table holds no
 * e-mail or address in clear; `window_ends_at` is epoch milliseconds, compared the same way on
 * SQLite and MariaDB. Operational state, not data: backups do not carry it.
 * (users.failed_login_count and users.locked_until are no longer read or written.)
 */
export const migration: Migration = {
  name: '20261203120000-login-failures',
  async up(qi) {
    await qi.createTable('login_failures', {
      subject: { type: DataTypes.STRING(80), primaryKey: true, allowNull: false },
      failures: { type: DataTypes.INTEGER, allowNull: false },
      window_ends_at: { type: DataTypes.BIGINT, allowNull: false },
    });
    await qi.addIndex('login_failures', ['window_ends_at'], { name: 'login_failures_window_ends_at' });
  },
  async down(qi) {
    await qi.dropTable('login_failures');
  },
};
