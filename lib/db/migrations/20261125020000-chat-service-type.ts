import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';

/** The lead form's service type belongs to the chat it was asked for (a visitor may ask about different services). */
export const migration: Migration = {
  name: '20261125020000-chat-service-type',
  async up(qi) {
    await qi.addColumn('chats', 'service_type', { type: DataTypes.STRING(80), allowNull: true });
  },
  async down(qi) {
    await qi.removeColumn('chats', 'service_type');
  },
};
