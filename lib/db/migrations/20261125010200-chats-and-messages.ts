import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref, timestamps } from './columns.js';

export const migration: Migration = {
  name: '20261125010200-chats-and-messages',
  async up(qi) {
    await qi.createTable('chats', {
      id: id(),
      client_id: ref('clients'),
      visitor_id: ref('visitors'),
      visitor_session_id: ref('visitor_sessions', 'SET NULL', true),
      previous_chat_id: ref('chats', 'SET NULL', true),
      status: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'waiting' },
      lead_form_filled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      last_seq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      started_at: { type: DataTypes.DATE, allowNull: false },
      first_response_at: { type: DataTypes.DATE, allowNull: true },
      last_message_at: { type: DataTypes.DATE, allowNull: true },
      ended_at: { type: DataTypes.DATE, allowNull: true },
      ended_by: { type: DataTypes.STRING(10), allowNull: true },
      rating: { type: DataTypes.INTEGER, allowNull: true },
      rating_comment: { type: DataTypes.TEXT, allowNull: true },
      ...timestamps(),
    });
    await qi.addIndex('chats', ['client_id', 'status', 'last_message_at'], { name: 'chats_client_status_activity' });
    await qi.addIndex('chats', ['status', 'started_at'], { name: 'chats_status_started' });
    await qi.addIndex('chats', ['visitor_id', 'started_at'], { name: 'chats_visitor' });

    await qi.createTable('chat_participants', {
      id: id(),
      chat_id: ref('chats'),
      user_id: ref('users'),
      joined_at: { type: DataTypes.DATE, allowNull: false },
      left_at: { type: DataTypes.DATE, allowNull: true },
      last_read_seq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    });
    await qi.addIndex('chat_participants', ['chat_id', 'user_id'], { name: 'chat_participants_chat_user' });
    await qi.addIndex('chat_participants', ['user_id', 'left_at'], { name: 'chat_participants_user_open' });

    await qi.createTable('messages', {
      id: id(),
      chat_id: ref('chats'),
      seq: { type: DataTypes.INTEGER, allowNull: false },
      client_msg_id: { type: DataTypes.STRING(64), allowNull: true },
      sender_type: { type: DataTypes.STRING(10), allowNull: false },
      sender_id: { type: DataTypes.INTEGER, allowNull: true },
      message_type: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'text' },
      body: { type: DataTypes.TEXT, allowNull: true },
      is_internal: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      file_path: { type: DataTypes.STRING(512), allowNull: true },
      file_name: { type: DataTypes.STRING(255), allowNull: true },
      file_size: { type: DataTypes.INTEGER, allowNull: true },
      file_type: { type: DataTypes.STRING(100), allowNull: true },
      file_deleted_at: { type: DataTypes.DATE, allowNull: true },
      is_read: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      read_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('messages', ['chat_id', 'seq'], { name: 'messages_chat_seq', unique: true });
    await qi.addIndex('messages', ['chat_id', 'client_msg_id'], { name: 'messages_chat_client_msg', unique: true });
    await qi.addIndex('messages', ['created_at'], { name: 'messages_created' });
    await qi.addIndex('messages', ['message_type', 'file_deleted_at', 'created_at'], { name: 'messages_files_expiry' });

    await qi.createTable('chat_transfers', {
      id: id(),
      chat_id: ref('chats'),
      from_agent_id: ref('users', 'SET NULL', true),
      to_agent_id: ref('users', 'SET NULL', true),
      mode: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'leave' },
      reason: { type: DataTypes.STRING(500), allowNull: true },
      transferred_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('chat_transfers', ['chat_id', 'transferred_at'], { name: 'chat_transfers_chat' });
  },
  async down(qi) {
    await qi.dropTable('chat_transfers');
    await qi.dropTable('messages');
    await qi.dropTable('chat_participants');
    await qi.dropTable('chats');
  },
};
