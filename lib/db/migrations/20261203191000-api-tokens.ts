import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref, timestamps } from './columns.js';

/**
 * API tokens: a user's named, scoped credentials for /api/v1. Only the SHA-256 of the secret is
 * kept (the secret is shown once, at creation); `prefix` is its first characters, so the user can
 * tell tokens apart. Deleting the user deletes their tokens.
 */
export const migration: Migration = {
  name: '20261203191000-api-tokens',
  async up(qi) {
    await qi.createTable('api_tokens', {
      id: id(),
      user_id: ref('users'),
      name: { type: DataTypes.STRING(80), allowNull: false },
      /** JSON list of scopes (lib/protocol/apiTokens.ts). */
      scopes: { type: DataTypes.STRING(200), allowNull: false },
      token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      prefix: { type: DataTypes.STRING(16), allowNull: false },
      last_used_at: { type: DataTypes.DATE, allowNull: true },
      revoked_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps(),
    });
    await qi.addIndex('api_tokens', ['user_id'], { name: 'api_tokens_user' });
  },
  async down(qi) {
    await qi.dropTable('api_tokens');
  },
};
