import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';

/**
 * The website an audit entry concerns (the audit screen filters by it). No foreign key: the log
 * outlives a deleted website. Earlier entries about a website itself get it from their target.
 */
export const migration: Migration = {
  name: '20261203191100-audit-website',
  async up(qi) {
    await qi.addColumn('audit_logs', 'client_id', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addIndex('audit_logs', ['client_id', 'id'], { name: 'audit_logs_client' });
    await qi.sequelize.query("UPDATE audit_logs SET client_id = target_id WHERE target_type = 'client'");
  },
  async down(qi) {
    await qi.removeIndex('audit_logs', 'audit_logs_client');
    // A plain DROP COLUMN (its index is gone): Sequelize's SQLite removeColumn would rebuild the table.
    await qi.sequelize.query('ALTER TABLE audit_logs DROP COLUMN client_id');
  },
};
