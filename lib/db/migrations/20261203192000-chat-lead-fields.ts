import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';

/**
 * The website's own pre-chat form questions, answered: `lead_fields` keeps each answer with the
 * question's label as it was asked (JSON, [{key, label, value}]), so agents read it even after the
 * form changed; `consent_at` is when the visitor ticked the website's consent box.
 */
export const migration: Migration = {
  name: '20261203192000-chat-lead-fields',
  async up(qi) {
    await qi.addColumn('chats', 'lead_fields', { type: DataTypes.JSON, allowNull: true });
    await qi.addColumn('chats', 'consent_at', { type: DataTypes.DATE, allowNull: true });
  },
  async down(qi) {
    // Plain DROP COLUMNs: Sequelize's SQLite removeColumn rebuilds the table (and its indexes and triggers).
    for (const column of ['consent_at', 'lead_fields']) await qi.sequelize.query(`ALTER TABLE chats DROP COLUMN ${column}`);
  },
};
