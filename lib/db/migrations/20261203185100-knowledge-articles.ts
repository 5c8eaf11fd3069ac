import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref, timestamps } from './columns.js';

/**
 * The knowledge base (docs/ai.md): articles per website, or global (client_id NULL), that agents
 * search and the assistant answers from. `tags` is a comma-separated list, searched with the title
 * and body by full-text ranking (MiniSearch, over the articles of the websites asked about).
 */
export const migration: Migration = {
  name: '20261203185100-knowledge-articles',
  async up(qi) {
    await qi.createTable('knowledge_articles', {
      id: id(),
      client_id: ref('clients', 'CASCADE', true),
      title: { type: DataTypes.STRING(200), allowNull: false },
      body: { type: DataTypes.TEXT, allowNull: false },
      tags: { type: DataTypes.STRING(500), allowNull: false, defaultValue: '' },
      created_by: ref('users', 'SET NULL', true),
      ...timestamps(),
    });
    await qi.addIndex('knowledge_articles', ['client_id'], { name: 'knowledge_articles_client' });
  },
  async down(qi) {
    await qi.dropTable('knowledge_articles');
  },
};
