import { DataTypes } from 'sequelize';
import type { Migration } from './types.js';
import { id, ref, timestamps } from './columns.js';

/**
 * Departments (a website's teams, agents in several) and chat routing: the website's routing mode
 * and hand-off timeout (a department may override the mode), each agent's cap of concurrent chats,
 * and on each chat its department, the agent it is assigned to, when, who let it pass, and since
 * when it waits in the queue. Existing websites keep today's behaviour (notify_all).
 */
export const migration: Migration = {
  name: '20261203180000-departments-and-routing',
  async up(qi) {
    await qi.createTable('departments', {
      id: id(),
      client_id: ref('clients'),
      name: { type: DataTypes.STRING(80), allowNull: false },
      routing_mode: { type: DataTypes.STRING(20), allowNull: true },
      ...timestamps(),
    });
    await qi.addIndex('departments', ['client_id', 'name'], { name: 'departments_client_name', unique: true });
    await qi.createTable('department_agents', {
      id: id(),
      department_id: ref('departments'),
      user_id: ref('users'),
    });
    await qi.addIndex('department_agents', ['department_id', 'user_id'], { name: 'department_agents_pair', unique: true });
    await qi.addIndex('department_agents', ['user_id'], { name: 'department_agents_user' });

    await qi.addColumn('clients', 'routing_mode', { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'notify_all' });
    await qi.addColumn('clients', 'accept_timeout_seconds', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 30 });
    await qi.addColumn('users', 'max_chats', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3 });
    await qi.addColumn('users', 'can_assign_chats', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
    await qi.addColumn('client_agent', 'routing_turn', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
    await qi.addColumn('chats', 'department_id', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addColumn('chats', 'assigned_agent_id', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addColumn('chats', 'assigned_at', { type: DataTypes.DATE, allowNull: true });
    await qi.addColumn('chats', 'routing_passed', { type: DataTypes.JSON, allowNull: true });
    await qi.addColumn('chats', 'queued_at', { type: DataTypes.DATE, allowNull: true });
    await qi.addIndex('chats', ['assigned_agent_id', 'status'], { name: 'chats_assigned_agent_status' });
    await qi.addIndex('chats', ['client_id', 'queued_at'], { name: 'chats_client_queued' });
  },
  async down(qi) {
    await qi.removeIndex('chats', 'chats_client_queued');
    await qi.removeIndex('chats', 'chats_assigned_agent_status');
    // Plain DROP COLUMNs: Sequelize's SQLite removeColumn rebuilds the table, which foreign keys forbid once it has rows.
    const drop = (table: string, column: string) => qi.sequelize.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
    for (const column of ['queued_at', 'routing_passed', 'assigned_at', 'assigned_agent_id', 'department_id']) await drop('chats', column);
    await drop('client_agent', 'routing_turn');
    await drop('users', 'can_assign_chats');
    await drop('users', 'max_chats');
    await drop('clients', 'accept_timeout_seconds');
    await drop('clients', 'routing_mode');
    await qi.dropTable('department_agents');
    await qi.dropTable('departments');
  },
};
