import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref, timestamps } from './columns.js';

export const migration: Migration = {
  name: '20261125010100-visitors',
  async up(qi) {
    await qi.createTable('visitors', {
      id: id(),
      client_id: ref('clients'),
      visitor_key: { type: DataTypes.STRING(64), allowNull: false },
      name: { type: DataTypes.STRING(120), allowNull: true },
      email: { type: DataTypes.STRING(190), allowNull: true },
      phone: { type: DataTypes.STRING(40), allowNull: true },
      ip_address: { type: DataTypes.STRING(45), allowNull: true },
      country: { type: DataTypes.STRING(80), allowNull: true },
      city: { type: DataTypes.STRING(120), allowNull: true },
      device: { type: DataTypes.STRING(20), allowNull: true },
      browser: { type: DataTypes.STRING(80), allowNull: true },
      os: { type: DataTypes.STRING(80), allowNull: true },
      first_visit_at: { type: DataTypes.DATE, allowNull: false },
      last_visit_at: { type: DataTypes.DATE, allowNull: false },
      total_visits: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      ...timestamps(),
    });
    await qi.addIndex('visitors', ['client_id', 'visitor_key'], { name: 'visitors_client_key', unique: true });
    await qi.addIndex('visitors', ['client_id', 'last_visit_at'], { name: 'visitors_client_last_visit' });
    await qi.addIndex('visitors', ['email'], { name: 'visitors_email' });
    await qi.addIndex('visitors', ['name'], { name: 'visitors_name' });
    await qi.addIndex('visitors', ['phone'], { name: 'visitors_phone' });

    await qi.createTable('visitor_sessions', {
      id: id(),
      visitor_id: ref('visitors'),
      client_id: ref('clients'),
      session_key: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      referrer_url: { type: DataTypes.STRING(2048), allowNull: true },
      landing_page: { type: DataTypes.STRING(2048), allowNull: true },
      current_page: { type: DataTypes.STRING(2048), allowNull: true },
      utm: { type: DataTypes.JSON, allowNull: true },
      is_online: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      started_at: { type: DataTypes.DATE, allowNull: false },
      last_activity_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('visitor_sessions', ['client_id', 'is_online', 'last_activity_at'], { name: 'visitor_sessions_live' });
    await qi.addIndex('visitor_sessions', ['visitor_id', 'started_at'], { name: 'visitor_sessions_visitor' });

    await qi.createTable('visitor_page_visits', {
      id: id(),
      visitor_session_id: ref('visitor_sessions'),
      page_url: { type: DataTypes.STRING(2048), allowNull: false },
      page_title: { type: DataTypes.STRING(500), allowNull: true },
      time_spent: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      visited_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('visitor_page_visits', ['visitor_session_id', 'visited_at'], { name: 'page_visits_session' });
  },
  async down(qi) {
    await qi.dropTable('visitor_page_visits');
    await qi.dropTable('visitor_sessions');
    await qi.dropTable('visitors');
  },
};
