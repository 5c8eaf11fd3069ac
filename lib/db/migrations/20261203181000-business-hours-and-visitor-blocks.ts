import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref, timestamps } from './columns.js';

/**
 * Business hours and blocked visitors (issue 18). `clients.business_hours` is the website's weekly
 * schedule, closed days and what the widget does outside hours (JSON, NULL: always open).
 * `visitor_blocks` holds one row per block of a website: a visitor (visitor_id) or an address
 * range (ip_range, a CIDR such as 203.0.113.0/24 or a single address), with the agent's reason.
 */
export const migration: Migration = {
  name: '20261203181000-business-hours-and-visitor-blocks',
  async up(qi) {
    await qi.addColumn('clients', 'business_hours', { type: DataTypes.JSON, allowNull: true });
    await qi.createTable('visitor_blocks', {
      id: id(),
      client_id: ref('clients'),
      visitor_id: ref('visitors', 'CASCADE', true),
      ip_range: { type: DataTypes.STRING(49), allowNull: true },
      reason: { type: DataTypes.STRING(500), allowNull: false },
      created_by: ref('users', 'SET NULL', true),
      ...timestamps(),
    });
    await qi.addIndex('visitor_blocks', ['client_id'], { name: 'visitor_blocks_client' });
  },
  async down(qi) {
    await qi.dropTable('visitor_blocks');
    // A plain DROP COLUMN: Sequelize's SQLite removeColumn rebuilds the table, and dropping the old
    // clients table cascaded to every chat, visitor and message of the install.
    await qi.sequelize.query('ALTER TABLE clients DROP COLUMN business_hours');
  },
};
