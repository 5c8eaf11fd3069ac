import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { ref, timestamps } from './columns.js';

/**
 * The assistant of a website (docs/ai.md): `off`, `offline` (answers only when no agent is
 * online) or `always` (answers first, until an agent joins), under its own `name`. No row: off.
 */
export const migration: Migration = {
  name: '20261203185200-assistant-settings',
  async up(qi) {
    await qi.createTable('assistant_settings', {
      client_id: { ...ref('clients'), primaryKey: true },
      mode: { type: DataTypes.STRING(10), allowNull: false },
      name: { type: DataTypes.STRING(40), allowNull: false },
      ...timestamps(),
    });
  },
  async down(qi) {
    await qi.dropTable('assistant_settings');
  },
};
