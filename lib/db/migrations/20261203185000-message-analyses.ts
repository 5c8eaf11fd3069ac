import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { ref } from './columns.js';

/**
 * The AI layer's reading of a visitor message (docs/ai.md): language, sentiment, intent, whether
 * the visitor asks for a person. One row per analysed message, written after the message was
 * stored and acknowledged; a table of its own so the messages table (and its search index) is untouched.
 */
export const migration: Migration = {
  name: '20261203185000-message-analyses',
  async up(qi) {
    await qi.createTable('message_analyses', {
      message_id: { ...ref('messages'), primaryKey: true },
      chat_id: ref('chats'),
      language: { type: DataTypes.STRING(8), allowNull: false },
      sentiment: { type: DataTypes.FLOAT, allowNull: false },
      polarity: { type: DataTypes.STRING(8), allowNull: false },
      intent: { type: DataTypes.STRING(80), allowNull: true },
      intent_score: { type: DataTypes.FLOAT, allowNull: false },
      wants_human: { type: DataTypes.BOOLEAN, allowNull: false },
      engine: { type: DataTypes.STRING(20), allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('message_analyses', ['chat_id', 'message_id'], { name: 'message_analyses_chat' });
  },
  async down(qi) {
    await qi.dropTable('message_analyses');
  },
};
