import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';

/**
 * Secure identity: each website has a secret (null until a super admin makes one) with which the
 * host site's backend signs its logged-in user. A visitor the site vouched for keeps that user's
 * id (external_user_id, looked up per website), identity_status says whether the name and e-mail
 * came signed ('verified') or from an unsigned identify() ('unverified'), attributes are the signed
 * custom attributes, and merged_into_id names the visitor an earlier device of the same user was
 * folded into (its chats, visits and blocks moved there).
 */
export const migration: Migration = {
  name: '20261203190000-secure-identity',
  async up(qi) {
    await qi.addColumn('clients', 'identity_secret', { type: DataTypes.STRING(80), allowNull: true });
    await qi.addColumn('visitors', 'external_user_id', { type: DataTypes.STRING(190), allowNull: true });
    await qi.addColumn('visitors', 'identity_status', { type: DataTypes.STRING(12), allowNull: true });
    await qi.addColumn('visitors', 'attributes', { type: DataTypes.TEXT, allowNull: true });
    await qi.addColumn('visitors', 'merged_into_id', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addIndex('visitors', ['client_id', 'external_user_id'], { name: 'visitors_external_user' });
  },
  async down(qi) {
    await qi.removeIndex('visitors', 'visitors_external_user');
    // Plain DROP COLUMNs: Sequelize's SQLite removeColumn rebuilds the table, which foreign keys forbid once it has rows.
    for (const column of ['merged_into_id', 'attributes', 'identity_status', 'external_user_id']) await qi.sequelize.query(`ALTER TABLE visitors DROP COLUMN ${column}`);
    await qi.sequelize.query('ALTER TABLE clients DROP COLUMN identity_secret');
  },
};
