import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref } from './columns.js';

/**
 * Conversation tools on messages: a reply names the message it answers; an edit or a delete marks
 * the message (its current text stays in `body`, null once deleted); reactions are kept on the row
 * as JSON (emoji -> who, "agent:3" / "visitor:5"), changed under the chat's lock; delivered_at is
 * when the other side's device got it. Every change also takes the chat's next seq and is written
 * to message_changes, so `sync` replays it to a client that reconnects with an older seq, a resend
 * with the same client_change_id changes nothing, and the previous text of an edit (or the deleted
 * text, when the setting keeps it) stays for the audit.
 */
export const migration: Migration = {
  name: '20261203183000-message-tools',
  async up(qi) {
    await qi.addColumn('messages', 'reply_to_id', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addColumn('messages', 'edited_at', { type: DataTypes.DATE, allowNull: true });
    await qi.addColumn('messages', 'deleted_at', { type: DataTypes.DATE, allowNull: true });
    await qi.addColumn('messages', 'reactions', { type: DataTypes.TEXT, allowNull: true });
    await qi.addColumn('messages', 'delivered_at', { type: DataTypes.DATE, allowNull: true });
    await qi.createTable('message_changes', {
      id: id(),
      chat_id: ref('chats'),
      message_id: ref('messages'),
      seq: { type: DataTypes.INTEGER, allowNull: false },
      client_change_id: { type: DataTypes.STRING(64), allowNull: false },
      actor_type: { type: DataTypes.STRING(10), allowNull: false },
      actor_id: { type: DataTypes.INTEGER, allowNull: false },
      kind: { type: DataTypes.STRING(10), allowNull: false },
      previous_body: { type: DataTypes.TEXT, allowNull: true },
      emoji: { type: DataTypes.STRING(16), allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('message_changes', ['chat_id', 'seq'], { unique: true, name: 'message_changes_chat_seq' });
    await qi.addIndex('message_changes', ['chat_id', 'actor_type', 'actor_id', 'client_change_id'], { unique: true, name: 'message_changes_client_change' });
  },
  async down(qi) {
    await qi.dropTable('message_changes');
    // Plain DROP COLUMNs: Sequelize's SQLite removeColumn rebuilds the table, losing its full-text triggers.
    for (const column of ['delivered_at', 'reactions', 'deleted_at', 'edited_at', 'reply_to_id']) await qi.sequelize.query(`ALTER TABLE messages DROP COLUMN ${column}`);
  },
};
