import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref, timestamps } from './columns.js';

/**
 * Proactive triggers: a website's rules (conditions and one action, as JSON; `priority` orders
 * them, the lowest first), and one row per greeting shown to a visitor, which the frequency rule
 * reads (once per visitor session, or once per N days) and the counts are made of (`accepted_at`:
 * the visitor opened the chat after it; chats started are read from the visitor's messages).
 */
export const migration: Migration = {
  name: '20261203182000-proactive-triggers',
  async up(qi) {
    await qi.createTable('triggers', {
      id: id(),
      client_id: ref('clients'),
      name: { type: DataTypes.STRING(120), allowNull: false },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      priority: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      conditions: { type: DataTypes.JSON, allowNull: false },
      action: { type: DataTypes.JSON, allowNull: false },
      frequency_days: { type: DataTypes.INTEGER, allowNull: true },
      ...timestamps(),
    });
    await qi.addIndex('triggers', ['client_id', 'priority']);
    await qi.createTable('trigger_shows', {
      id: id(),
      trigger_id: ref('triggers'),
      visitor_id: ref('visitors'),
      visitor_session_id: ref('visitor_sessions'),
      page_visit_id: { type: DataTypes.INTEGER, allowNull: true },
      shown_at: { type: DataTypes.DATE, allowNull: false },
      accepted_at: { type: DataTypes.DATE, allowNull: true },
    });
    await qi.addIndex('trigger_shows', ['trigger_id', 'visitor_id']);
    await qi.addIndex('trigger_shows', ['visitor_session_id']);
  },
  async down(qi) {
    await qi.dropTable('trigger_shows');
    await qi.dropTable('triggers');
  },
};
