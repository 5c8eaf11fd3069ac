import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

export const ROUTING_MODES = ['notify_all', 'round_robin', 'least_busy'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

export interface DepartmentRow {
  id: number;
  client_id: number;
  name: string;
  /** null: the website's routing mode. */
  routing_mode: RoutingMode | null;
  created_at: Date;
  updated_at: Date;
}

export interface DepartmentAgentRow {
  id: number;
  department_id: number;
  user_id: number;
}

export const defineDepartment = (s: Sequelize): Static<DepartmentRow> =>
  s.define('Department', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    client_id: { type: DataTypes.INTEGER, allowNull: false },
    name: { type: DataTypes.STRING(80), allowNull: false },
    routing_mode: { type: DataTypes.STRING(20) },
  }, { tableName: 'departments' });

export const defineDepartmentAgent = (s: Sequelize): Static<DepartmentAgentRow> =>
  s.define('DepartmentAgent', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    department_id: { type: DataTypes.INTEGER, allowNull: false },
    user_id: { type: DataTypes.INTEGER, allowNull: false },
  }, { tableName: 'department_agents', timestamps: false });
